/** Frame length and hop at 16 kHz: 25 ms windows every 10 ms (100 frames per second). */
const FRAME = 400;
const HOP = 160;
const FFT_SIZE = 512;
const MEL_FILTERS = 26;
/** Cepstral coefficients kept, c0 included (c0 is replaced by log energy). */
export const MFCC_COEFFICIENTS = 13;

function melOf(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function hzOf(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** One analysis frame: log energy and MFCCs (index 0 is the log energy). */
export interface MfccFrame {
  time: number;
  logEnergy: number;
  mfcc: Float32Array;
}

/**
 * Streaming MFCC front end for 16 kHz mono PCM (pre-emphasis 0.97, Hamming window, 512-point FFT,
 * 26 mel filters over 100-7600 Hz, DCT-II). Plain TypeScript: no model or library to download.
 */
export class MfccExtractor {
  private pending: Float32Array = new Float32Array(0);
  private framesOut = 0;
  private previousSample = 0;
  private readonly window = new Float32Array(FRAME);
  private readonly filters: Array<{ start: number; weights: Float32Array }> = [];
  private readonly dct: Float32Array[] = [];
  private readonly re = new Float64Array(FFT_SIZE);
  private readonly im = new Float64Array(FFT_SIZE);

  constructor(private readonly sampleRate = 16000) {
    for (let i = 0; i < FRAME; i += 1)
      this.window[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FRAME - 1));
    const low = melOf(100);
    const high = melOf(Math.min(7600, sampleRate / 2));
    const bins = Array.from({ length: MEL_FILTERS + 2 }, (_, i) =>
      Math.floor(((FFT_SIZE + 1) * hzOf(low + ((high - low) * i) / (MEL_FILTERS + 1))) / sampleRate),
    );
    for (let m = 1; m <= MEL_FILTERS; m += 1) {
      const [a, b, c] = [bins[m - 1] as number, bins[m] as number, bins[m + 1] as number];
      const weights = new Float32Array(c - a + 1);
      for (let k = a; k <= c; k += 1)
        weights[k - a] = k <= b ? (k - a) / Math.max(1, b - a) : (c - k) / Math.max(1, c - b);
      this.filters.push({ start: a, weights });
    }
    for (let n = 0; n < MFCC_COEFFICIENTS; n += 1) {
      const row = new Float32Array(MEL_FILTERS);
      for (let m = 0; m < MEL_FILTERS; m += 1) row[m] = Math.cos((Math.PI * n * (m + 0.5)) / MEL_FILTERS);
      this.dct.push(row);
    }
  }

  /** Feeds PCM; returns every complete frame. */
  push(pcm: Int16Array): MfccFrame[] {
    const joined = new Float32Array(this.pending.length + pcm.length);
    joined.set(this.pending);
    for (let i = 0; i < pcm.length; i += 1) {
      const x = (pcm[i] as number) / 32768;
      joined[this.pending.length + i] = x - 0.97 * this.previousSample;
      this.previousSample = x;
    }
    const frames: MfccFrame[] = [];
    let at = 0;
    for (; at + FRAME <= joined.length; at += HOP) frames.push(this.frame(joined.subarray(at, at + FRAME)));
    this.pending = joined.slice(at);
    return frames;
  }

  private frame(samples: Float32Array): MfccFrame {
    const { re, im } = this;
    re.fill(0);
    im.fill(0);
    let energy = 0;
    for (let i = 0; i < FRAME; i += 1) {
      const v = (samples[i] as number) * (this.window[i] as number);
      re[i] = v;
      energy += v * v;
    }
    fft(re, im);
    const mel = new Float64Array(MEL_FILTERS);
    this.filters.forEach(({ start, weights }, m) => {
      let sum = 0;
      for (let k = 0; k < weights.length; k += 1) {
        const bin = start + k;
        sum += (weights[k] as number) * ((re[bin] as number) ** 2 + (im[bin] as number) ** 2);
      }
      mel[m] = Math.log(sum + 1e-10);
    });
    const mfcc = new Float32Array(MFCC_COEFFICIENTS);
    for (let n = 1; n < MFCC_COEFFICIENTS; n += 1) {
      const row = this.dct[n] as Float32Array;
      let sum = 0;
      for (let m = 0; m < MEL_FILTERS; m += 1) sum += (row[m] as number) * (mel[m] as number);
      mfcc[n] = sum;
    }
    const logEnergy = Math.log(energy + 1e-10);
    mfcc[0] = logEnergy;
    const time = (this.framesOut * HOP + FRAME / 2) / this.sampleRate;
    this.framesOut += 1;
    return { time, logEnergy, mfcc };
  }
}

/** In-place iterative radix-2 FFT; lengths must be powers of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k += 1) {
        const a = i + k;
        const b = a + len / 2;
        const tr = (re[b] as number) * cr - (im[b] as number) * ci;
        const ti = (re[b] as number) * ci + (im[b] as number) * cr;
        re[b] = (re[a] as number) - tr;
        im[b] = (im[a] as number) - ti;
        re[a] = (re[a] as number) + tr;
        im[a] = (im[a] as number) + ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

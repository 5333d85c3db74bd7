/** Zero crossings of the sinc kept on each side of the centre, at the output cutoff. */
const HALF_TAPS = 16;
/** Table resolution: kernel values per unit of input-sample distance. */
const TABLE_STEPS = 256;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 32; k += 1) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * Streaming band-limited resampler for one channel: a Kaiser-windowed sinc (beta 8, 16 zero
 * crossings a side) evaluated from a table with linear interpolation. When downsampling, the
 * cutoff drops to 0.95 of the output Nyquist, so content above it is filtered rather than aliased
 * (44.1 kHz -> 16 kHz keeps 0-7.6 kHz, which is all the 16 kHz acoustic model uses). Memory is
 * bounded by the kernel width, whatever the length of the input.
 */
export class Resampler {
  private readonly cutoff: number;
  private readonly halfWidth: number;
  private readonly table: Float32Array;
  private buffer: Float32Array = new Float32Array(0);
  /** Output samples produced so far; their positions are computed from it exactly, never accumulated. */
  private produced = 0;
  /** Samples dropped from the front of the buffer (the initial padding counts). */
  private dropped = 0;
  private flushed = false;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
  ) {
    this.cutoff = Math.min(1, outputRate / inputRate) * (inputRate === outputRate ? 1 : 0.95);
    this.halfWidth = Math.ceil(HALF_TAPS / this.cutoff);
    const beta = 8;
    const size = this.halfWidth * TABLE_STEPS + 2;
    this.table = new Float32Array(size);
    const i0beta = besselI0(beta);
    for (let i = 0; i < size; i += 1) {
      const x = i / TABLE_STEPS;
      const r = x / this.halfWidth;
      const window = r >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
      const arg = Math.PI * x * this.cutoff;
      this.table[i] = this.cutoff * (x === 0 ? 1 : Math.sin(arg) / arg) * window;
    }
    // Start with half a kernel of silence so the first output sample is centred on input sample 0.
    this.buffer = new Float32Array(this.halfWidth);
  }

  /** Where output sample n sits in the current buffer, in input samples. */
  private positionOf(n: number): number {
    return (n * this.inputRate) / this.outputRate + this.halfWidth - this.dropped;
  }

  private kernel(distance: number): number {
    const x = Math.abs(distance) * TABLE_STEPS;
    const i = Math.floor(x);
    if (i >= this.table.length - 1) return 0;
    const frac = x - i;
    return (this.table[i] as number) * (1 - frac) + (this.table[i + 1] as number) * frac;
  }

  /** Feeds input samples and returns every output sample that is now fully determined. */
  push(input: Float32Array): Float32Array {
    if (this.inputRate === this.outputRate) return input;
    const joined = new Float32Array(this.buffer.length + input.length);
    joined.set(this.buffer);
    joined.set(input, this.buffer.length);
    this.buffer = joined;
    return this.drain(this.buffer.length - this.halfWidth);
  }

  /** Ends the stream: returns the outputs that depended on input beyond the last sample. */
  flush(): Float32Array {
    if (this.inputRate === this.outputRate || this.flushed) return new Float32Array(0);
    this.flushed = true;
    const end = this.buffer.length;
    const padded = new Float32Array(end + this.halfWidth + 1);
    padded.set(this.buffer);
    this.buffer = padded;
    return this.drain(end);
  }

  private drain(limit: number): Float32Array {
    const buf = this.buffer;
    const hw = this.halfWidth;
    const values: number[] = [];
    for (let t = this.positionOf(this.produced); t < limit; t = this.positionOf(this.produced)) {
      const centre = Math.floor(t);
      let sum = 0;
      const from = Math.max(0, centre - hw + 1);
      const to = Math.min(buf.length - 1, centre + hw);
      for (let i = from; i <= to; i += 1) sum += (buf[i] as number) * this.kernel(t - i);
      values.push(sum);
      this.produced += 1;
    }
    const keepFrom = Math.max(0, Math.floor(this.positionOf(this.produced)) - hw);
    if (keepFrom > 0) {
      this.buffer = this.buffer.slice(keepFrom);
      this.dropped += keepFrom;
    }
    return Float32Array.from(values);
  }
}

/** Float samples in [-1, 1] to signed 16-bit, rounded and clipped. */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const v = Math.round((samples[i] as number) * 32768);
    out[i] = v > 32767 ? 32767 : Math.max(v, -32768);
  }
  return out;
}

/** Signed 16-bit samples to floats in [-1, 1). */
export function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i += 1) out[i] = (pcm[i] as number) / 32768;
  return out;
}

/** Lowest and highest fundamental frequency looked for, in Hz (adult speech). */
const MIN_F0 = 60;
const MAX_F0 = 400;
/** Normalised autocorrelation a period must reach for the window to count as voiced. */
const VOICED_CORRELATION = 0.6;
/** A shorter period whose correlation reaches this share of the best one's is preferred to it. */
const OCTAVE_TOLERANCE = 0.85;

/**
 * Fundamental frequency (Hz) of a window of PCM by normalised autocorrelation, or undefined when
 * the window is not clearly periodic (silence, noise, fricatives). The window should hold at
 * least two periods of the lowest pitch looked for (about 35 ms at 60 Hz). Samples are averaged
 * in pairs first when the rate allows (16 kHz becomes 8 kHz), which quarters the work and keeps
 * every pitch of speech.
 */
export function estimatePitch(samples: Int16Array, sampleRate: number): number | undefined {
  const halve = sampleRate >= 16000;
  const rate = halve ? sampleRate / 2 : sampleRate;
  const n = halve ? samples.length >> 1 : samples.length;
  const x = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i += 1) {
    const v = halve
      ? ((samples[2 * i] as number) + (samples[2 * i + 1] as number)) / 2
      : (samples[i] as number);
    x[i] = v;
    mean += v;
  }
  mean /= n;
  for (let i = 0; i < n; i += 1) (x[i] as number) -= mean;
  const minLag = Math.floor(rate / MAX_F0);
  const maxLag = Math.min(Math.ceil(rate / MIN_F0), n >> 1);
  if (maxLag <= minLag) return undefined;
  const correlation = new Float64Array(maxLag + 2);
  let best = -1;
  let bestLag = 0;
  for (let lag = minLag; lag <= maxLag + 1 && lag < n; lag += 1) {
    let cross = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i + lag < n; i += 1) {
      const p = x[i] as number;
      const q = x[i + lag] as number;
      cross += p * q;
      a += p * p;
      b += q * q;
    }
    const r = a > 0 && b > 0 ? cross / Math.sqrt(a * b) : 0;
    correlation[lag] = r;
    if (lag <= maxLag && r > best) {
      best = r;
      bestLag = lag;
    }
  }
  if (best < VOICED_CORRELATION) return undefined;
  // Octave errors: the first peak nearly as strong as the best is the true period (a multiple
  // of the period correlates as well, and sometimes a little better on a fractional period).
  for (let lag = minLag + 1; lag < bestLag; lag += 1) {
    const r = correlation[lag] as number;
    if (
      r >= OCTAVE_TOLERANCE * best &&
      r >= (correlation[lag - 1] as number) &&
      r >= (correlation[lag + 1] as number)
    ) {
      bestLag = lag;
      best = r;
      break;
    }
  }
  // Parabolic interpolation around the peak for a period finer than one sample.
  const left = correlation[bestLag - 1] ?? best;
  const right = correlation[bestLag + 1] ?? best;
  const curve = left - 2 * best + right;
  const shift = curve < 0 ? (0.5 * (left - right)) / curve : 0;
  return rate / (bestLag + Math.max(-0.5, Math.min(0.5, shift)));
}

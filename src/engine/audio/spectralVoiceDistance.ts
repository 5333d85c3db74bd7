/** Fewest frames after the pause before spectra are compared. */
export const MIN_SPECTRAL_FRAMES = 8;
/** Most stretches of the voice before the unit is measured on. */
const UNIT_STRETCHES = 16;

/**
 * How far the spectra of the frames `after` a pause lie from the voice heard `before` it, in
 * units of how far a stretch of that voice lies from the rest of it. Each frame is a vector of
 * cepstral coefficients (the envelope of its spectrum, set by the sound spoken and by the
 * speaker's vocal tract), each coefficient scaled by its spread over `before`.
 *
 * The distance of a set of frames from a voice is the mean squared distance from each frame to
 * the nearest frame of that voice: within two seconds a speaker says most sounds a short stretch
 * holds, so the same voice finds a close match for each frame, while another vocal tract shapes
 * even the same vowel differently (a vector-quantisation distortion, as early speaker recognition
 * measured it). How close a match one voice finds depends on how much of it there is and how it
 * varies, so the unit is measured on `before` itself: each stretch of `after.length` consecutive
 * frames against the frames of `before` not next to it. The result is near 1 for the same voice
 * whatever was said. Undefined when `after` is short or `before` too short to measure the unit on.
 */
export function spectralVoiceDistance(
  before: readonly Float32Array[],
  after: readonly Float32Array[],
): number | undefined {
  const n = after.length;
  if (n < MIN_SPECTRAL_FRAMES || before.length < 3 * n) return undefined;
  const dims = (before[0] as Float32Array).length;
  const scale = spread(before, dims);
  let unitSum = 0;
  let stretches = 0;
  // Stretches overlap by half, or lie further apart so that at most UNIT_STRETCHES are measured
  // (the search is quadratic); a stretch is matched against frames at least a stretch away, as
  // neighbouring frames of one sound are near copies of each other.
  const step = Math.max(1, n >> 1, Math.floor((before.length - n) / (UNIT_STRETCHES - 1)));
  for (let start = 0; start + n <= before.length; start += step) {
    const others = [...before.slice(0, Math.max(0, start - n)), ...before.slice(start + 2 * n)];
    if (others.length < n) continue;
    unitSum += nearestDistanceSquared(before.slice(start, start + n), others, scale, dims);
    stretches += 1;
  }
  const unit = stretches > 0 ? unitSum / stretches : 0;
  if (!(unit > 0)) return undefined;
  return Math.sqrt(nearestDistanceSquared(after, before, scale, dims) / unit);
}

/** Standard deviation of each coefficient over the frames (1 where it does not vary). */
function spread(frames: readonly Float32Array[], dims: number): Float64Array {
  const mean = new Float64Array(dims);
  for (const f of frames) for (let k = 0; k < dims; k += 1) mean[k] = (mean[k] as number) + (f[k] as number);
  for (let k = 0; k < dims; k += 1) mean[k] = (mean[k] as number) / frames.length;
  const out = new Float64Array(dims);
  for (const f of frames)
    for (let k = 0; k < dims; k += 1)
      out[k] = (out[k] as number) + ((f[k] as number) - (mean[k] as number)) ** 2;
  for (let k = 0; k < dims; k += 1) {
    const sd = Math.sqrt((out[k] as number) / frames.length);
    out[k] = sd > 0 ? sd : 1;
  }
  return out;
}

/** Mean over the frames of `a` of the squared scaled distance to the nearest frame of `b`. */
function nearestDistanceSquared(
  a: readonly Float32Array[],
  b: readonly Float32Array[],
  scale: Float64Array,
  dims: number,
): number {
  let total = 0;
  for (const x of a) {
    let best = Number.POSITIVE_INFINITY;
    for (const y of b) {
      let d = 0;
      for (let k = 0; k < dims && d < best; k += 1)
        d += (((x[k] as number) - (y[k] as number)) / (scale[k] as number)) ** 2;
      if (d < best) best = d;
    }
    total += best;
  }
  return total / a.length;
}

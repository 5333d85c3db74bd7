/**
 * Fills `frames` sample frames of lost audio: the last good packet is repeated with a linear
 * fade to silence over `fadeFrames` (about 20 ms), then silence. Repetition hides a short loss
 * far better than a hole; fading stops a long loss from buzzing. `last` is interleaved s16.
 */
export function concealLoss(
  last: Int16Array | undefined,
  frames: number,
  channels: number,
  fadeFrames: number,
): Int16Array {
  const out = new Int16Array(frames * channels);
  if (!last || last.length < channels) return out;
  const lastFrames = Math.floor(last.length / channels);
  const fade = Math.min(frames, Math.max(1, fadeFrames));
  for (let f = 0; f < fade; f += 1) {
    const gain = 1 - f / fade;
    const from = (f % lastFrames) * channels;
    for (let c = 0; c < channels; c += 1)
      out[f * channels + c] = Math.round((last[from + c] as number) * gain);
  }
  return out;
}

/**
 * A voiced-like test signal at 16 kHz: a fundamental `f0` (Hz) with two weaker harmonics,
 * `seconds` long at `amplitude`, its phase continuing from sample `offset`.
 */
export function voiced(f0: number, seconds: number, amplitude = 6000, offset = 0): Int16Array {
  const out = new Int16Array(Math.round(seconds * 16000));
  for (let i = 0; i < out.length; i += 1) {
    const t = (offset + i) / 16000;
    const w = 2 * Math.PI * f0 * t;
    out[i] = Math.round(amplitude * (0.6 * Math.sin(w) + 0.3 * Math.sin(2 * w) + 0.1 * Math.sin(3 * w)));
  }
  return out;
}

/** Seeded white noise at an RMS level in dBFS, `seconds` long. */
export function noise(seconds: number, dbfs: number, seed = 1): Int16Array {
  let state = seed >>> 0 || 1;
  const out = new Int16Array(Math.round(seconds * 16000));
  // Uniform noise in [-a, a] has RMS a / sqrt(3).
  const a = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3);
  for (let i = 0; i < out.length; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = Math.round(((state >>> 0) / 2 ** 31 - 1) * a);
  }
  return out;
}

/** The signals one after another. */
export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Samples added together, to the length of the longest. */
export function mix(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(Math.max(...parts.map((p) => p.length)));
  for (const p of parts) for (let i = 0; i < p.length; i += 1) out[i] = (out[i] as number) + (p[i] as number);
  return out;
}

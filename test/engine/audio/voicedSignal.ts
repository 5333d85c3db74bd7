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

/** First three formants (Hz) of some English vowels, for an adult male vocal tract. */
const VOWEL_FORMANTS: ReadonlyArray<readonly [number, number, number]> = [
  [730, 1090, 2440],
  [270, 2290, 3010],
  [530, 1840, 2480],
  [300, 870, 2240],
  [660, 1720, 2410],
  [490, 1350, 1690],
  [570, 840, 2410],
];

/**
 * Vowel-like speech at 16 kHz: a glottal pulse train at `f0` through three resonances that move
 * from vowel to vowel every `vowelSeconds`, starting at vowel `firstVowel`. `tract` scales the
 * formants, as a shorter (above 1) or longer vocal tract would: two voices of one pitch.
 */
export function vowels(
  f0: number,
  seconds: number,
  tract = 1,
  firstVowel = 0,
  vowelSeconds = 0.08,
  amplitude = 8000,
): Int16Array {
  const wave = new Float64Array(Math.round(seconds * 16000));
  const period = 16000 / f0;
  const state = [0, 0, 0, 0, 0, 0];
  let nextPulse = 0;
  for (let i = 0; i < wave.length; i += 1) {
    const vowel = VOWEL_FORMANTS[
      (firstVowel + Math.floor(i / (vowelSeconds * 16000))) % VOWEL_FORMANTS.length
    ] as readonly number[];
    let x = 0;
    if (i >= nextPulse) {
      x = 1;
      nextPulse += period;
    }
    for (let k = 0; k < 3; k += 1) {
      const f = (vowel[k] as number) * tract;
      const r = Math.exp((-Math.PI * (60 + 40 * k)) / 16000);
      const c = 2 * r * Math.cos((2 * Math.PI * f) / 16000);
      const y = x + c * (state[2 * k] as number) - r * r * (state[2 * k + 1] as number);
      state[2 * k + 1] = state[2 * k] as number;
      state[2 * k] = y;
      x = y;
    }
    wave[i] = x;
  }
  const peak = wave.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  return Int16Array.from(wave, (v) => Math.round((v / peak) * amplitude));
}

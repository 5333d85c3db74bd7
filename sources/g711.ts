/**
 * G.711 companding (ITU-T G.711, the classic Sun reference formulas): mu-law (PCMU, RTP payload
 * type 0) and A-law (PCMA, payload type 8), between one 8-bit code and one signed 16-bit sample.
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/** Encodes one signed 16-bit sample as a mu-law code. */
export function encodeMulaw(sample: number): number {
  let pcm = sample;
  const sign = pcm < 0 ? 0x80 : 0;
  if (sign) pcm = -pcm;
  if (pcm > MULAW_CLIP) pcm = MULAW_CLIP;
  pcm += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent -= 1;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes one mu-law code to a signed 16-bit sample. */
export function decodeMulaw(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + MULAW_BIAS) << ((u >> 4) & 0x07);
  return u & 0x80 ? MULAW_BIAS - t : t - MULAW_BIAS;
}

/** Encodes one signed 16-bit sample as an A-law code. */
export function encodeAlaw(sample: number): number {
  let pcm = sample >> 3;
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > (ALAW_SEGMENT_ENDS[segment] as number)) segment += 1;
  if (segment >= 8) return 0x7f ^ mask;
  const step = segment < 2 ? 1 : segment;
  return ((segment << 4) | ((pcm >> step) & 0x0f)) ^ mask;
}

/** Decodes one A-law code to a signed 16-bit sample. */
export function decodeAlaw(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const MULAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => decodeMulaw(code));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => decodeAlaw(code));

/** Decodes a run of G.711 codes (one byte per sample) to signed 16-bit samples. */
export function decodeG711(codes: Uint8Array, law: 'mulaw' | 'alaw'): Int16Array {
  const table = law === 'mulaw' ? MULAW_TABLE : ALAW_TABLE;
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i += 1) out[i] = table[codes[i] as number] as number;
  return out;
}

/** Encodes signed 16-bit samples as G.711 codes, one byte per sample. */
export function encodeG711(samples: Int16Array, law: 'mulaw' | 'alaw'): Buffer {
  const encode = law === 'mulaw' ? encodeMulaw : encodeAlaw;
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i += 1) out[i] = encode(samples[i] as number);
  return out;
}

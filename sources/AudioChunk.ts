import { ValidationError } from '../src/errors/ValidationError.ts';
import { decodeG711, encodeG711 } from './g711.ts';

/** How samples are stored: little-endian 16-bit or 32-bit float, or G.711 companded bytes. */
export type AudioEncoding = 's16le' | 'mulaw' | 'alaw' | 'f32le';

/** What the bytes of a chunk mean. Multi-channel audio is interleaved, frame by frame. */
export interface AudioFormat {
  sampleRate: number;
  channels: number;
  encoding: AudioEncoding;
}

/** A run of PCM audio: bytes holding whole sample frames, plus their format. */
export interface AudioChunk {
  data: Buffer;
  format: AudioFormat;
}

/** The format the recogniser and the streaming API expect by default. */
export const SPEECH_FORMAT: Readonly<AudioFormat> = Object.freeze({
  sampleRate: 16000,
  channels: 1,
  encoding: 's16le',
});

const SAMPLE_BYTES: Record<AudioEncoding, number> = { s16le: 2, f32le: 4, mulaw: 1, alaw: 1 };

/** Bytes one sample of one channel takes. */
export function bytesPerSample(encoding: AudioEncoding): number {
  return SAMPLE_BYTES[encoding];
}

/** Bytes one sample frame (one sample of every channel) takes. */
export function bytesPerFrame(format: AudioFormat): number {
  return SAMPLE_BYTES[format.encoding] * format.channels;
}

/** Sample frames in a chunk (samples per channel). */
export function frameCount(chunk: AudioChunk): number {
  return chunk.data.length / bytesPerFrame(chunk.format);
}

/** Duration of a chunk in milliseconds. */
export function durationMs(chunk: AudioChunk): number {
  return (frameCount(chunk) * 1000) / chunk.format.sampleRate;
}

/** True when two formats describe the same sample layout. */
export function sameFormat(a: AudioFormat, b: AudioFormat): boolean {
  return a.sampleRate === b.sampleRate && a.channels === b.channels && a.encoding === b.encoding;
}

/** Throws ValidationError unless `format` is usable (positive integer rate and channels, known encoding). */
export function checkAudioFormat(format: AudioFormat, subject = 'audio format'): AudioFormat {
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(format.sampleRate) || format.sampleRate < 1000 || format.sampleRate > 768_000)
    issues.push({
      path: 'sampleRate',
      message: `must be an integer from 1000 to 768000 Hz, got ${format.sampleRate}`,
    });
  if (!Number.isInteger(format.channels) || format.channels < 1 || format.channels > 64)
    issues.push({ path: 'channels', message: `must be an integer from 1 to 64, got ${format.channels}` });
  if (!(format.encoding in SAMPLE_BYTES))
    issues.push({
      path: 'encoding',
      message: `must be s16le, f32le, mulaw or alaw, got ${String(format.encoding)}`,
    });
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return format;
}

/** Makes a chunk, checking that the bytes hold whole sample frames. */
export function audioChunk(data: Uint8Array, format: AudioFormat): AudioChunk {
  checkAudioFormat(format);
  const frame = bytesPerFrame(format);
  if (data.length % frame !== 0) {
    throw new ValidationError('audio chunk', [
      { path: 'data', message: `${data.length} bytes is not a whole number of ${frame}-byte sample frames` },
    ]);
  }
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return { data: bytes, format };
}

/** The samples of a chunk as signed 16-bit values, interleaved (floats are rounded and clipped). */
export function toInt16(chunk: AudioChunk): Int16Array {
  const { data, format } = chunk;
  switch (format.encoding) {
    case 's16le': {
      if (data.byteOffset % 2 === 0) return new Int16Array(data.buffer, data.byteOffset, data.length / 2);
      return new Int16Array(Uint8Array.from(data).buffer);
    }
    case 'mulaw':
    case 'alaw':
      return decodeG711(data, format.encoding);
    case 'f32le': {
      const floats = toFloat32(chunk);
      const out = new Int16Array(floats.length);
      for (let i = 0; i < floats.length; i += 1) {
        const v = Math.round((floats[i] as number) * 32768);
        out[i] = v > 32767 ? 32767 : Math.max(v, -32768);
      }
      return out;
    }
  }
}

/** The samples of a chunk as floats in [-1, 1], interleaved. */
export function toFloat32(chunk: AudioChunk): Float32Array {
  const { data, format } = chunk;
  if (format.encoding === 'f32le') {
    if (data.byteOffset % 4 === 0) return new Float32Array(data.buffer, data.byteOffset, data.length / 4);
    return new Float32Array(Uint8Array.from(data).buffer);
  }
  const ints = toInt16(chunk);
  const out = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i += 1) out[i] = (ints[i] as number) / 32768;
  return out;
}

/** A chunk holding interleaved samples in `encoding` (s16le by default). */
export function chunkFromInt16(
  samples: Int16Array,
  format: { sampleRate: number; channels: number; encoding?: AudioEncoding },
): AudioChunk {
  const encoding = format.encoding ?? 's16le';
  const full: AudioFormat = { sampleRate: format.sampleRate, channels: format.channels, encoding };
  if (encoding === 'mulaw' || encoding === 'alaw') return audioChunk(encodeG711(samples, encoding), full);
  if (encoding === 'f32le') {
    const floats = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i += 1) floats[i] = (samples[i] as number) / 32768;
    return chunkFromFloat32(floats, { sampleRate: format.sampleRate, channels: format.channels });
  }
  return audioChunk(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), full);
}

/** A chunk holding interleaved float samples, stored as f32le or converted to s16le. */
export function chunkFromFloat32(
  samples: Float32Array,
  format: { sampleRate: number; channels: number; encoding?: 's16le' | 'f32le' },
): AudioChunk {
  const encoding = format.encoding ?? 'f32le';
  const full: AudioFormat = { sampleRate: format.sampleRate, channels: format.channels, encoding };
  if (encoding === 'f32le') {
    return audioChunk(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), full);
  }
  const ints = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const v = Math.round((samples[i] as number) * 32768);
    ints[i] = v > 32767 ? 32767 : Math.max(v, -32768);
  }
  return chunkFromInt16(ints, full);
}

/** The bytes of `frames` sample frames of silence in `format`. */
export function silenceBytes(format: AudioFormat, frames: number): Buffer {
  const bytes = Buffer.alloc(frames * bytesPerFrame(format));
  // Zero is silence for linear encodings; G.711 codes for zero are 0xFF (mu-law) and 0xD5 (A-law).
  if (format.encoding === 'mulaw') bytes.fill(0xff);
  if (format.encoding === 'alaw') bytes.fill(0xd5);
  return bytes;
}

/**
 * The encoding DSP operators produce from `encoding`: linear encodings are kept, companded G.711
 * becomes s16le (re-companding after processing would add a second round of quantisation noise).
 */
export function linearEncoding(encoding: AudioEncoding): 's16le' | 'f32le' {
  return encoding === 'f32le' ? 'f32le' : 's16le';
}

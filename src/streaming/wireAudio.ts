import { type AudioChunk, type AudioFormat, chunkFromInt16, toInt16 } from '../../sources/AudioChunk.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/** The audio format a stream declares in `config.speechRecognition` (or a `modify_request`). */
export interface WireAudioFormat {
  encoding: 'LINEAR16' | 'MULAW';
  sampleRateHertz: number;
}

/**
 * How a chunk format goes on the wire: s16le, f32le and A-law as LINEAR16 (floats and A-law are
 * converted, since the Streaming API has no such encodings), μ-law at 8 kHz as MULAW (smaller frames, the
 * telephone format), μ-law at other rates as LINEAR16. Mono only, 8-48 kHz: anything else is a
 * ValidationError that names the operator to put in front (`downmix()`, `resample()`).
 */
export function wireFormatOf(format: AudioFormat): WireAudioFormat {
  const issues: { path: string; message: string }[] = [];
  if (format.channels !== 1) {
    issues.push({
      path: 'channels',
      message: `a stream carries one speaker's mono audio, got ${format.channels} channels (pipe through downmix() first, or open one session per channel)`,
    });
  }
  if (!Number.isInteger(format.sampleRate) || format.sampleRate < 8000 || format.sampleRate > 48000) {
    issues.push({
      path: 'sampleRate',
      message: `must be 8000-48000 Hz, got ${format.sampleRate} (pipe through resample(16000) first)`,
    });
  }
  if (issues.length > 0) throw new ValidationError('streaming audio chunk', issues);
  if (format.encoding === 'mulaw' && format.sampleRate === 8000) {
    return { encoding: 'MULAW', sampleRateHertz: 8000 };
  }
  return { encoding: 'LINEAR16', sampleRateHertz: format.sampleRate };
}

/** The bytes of `chunk` in its wire format (see {@link wireFormatOf}). */
export function wireBytesOf(chunk: AudioChunk, wire: WireAudioFormat = wireFormatOf(chunk.format)): Buffer {
  const { encoding } = chunk.format;
  if (encoding === 's16le' || (encoding === 'mulaw' && wire.encoding === 'MULAW')) return chunk.data;
  return chunkFromInt16(toInt16(chunk), { sampleRate: chunk.format.sampleRate, channels: 1 }).data;
}

/** Bytes per second of audio in a wire format. */
export function wireBytesPerSecond(wire: WireAudioFormat): number {
  return wire.encoding === 'MULAW' ? wire.sampleRateHertz : wire.sampleRateHertz * 2;
}

/** True when two wire formats are the same. */
export function sameWireFormat(a: WireAudioFormat, b: WireAudioFormat): boolean {
  return a.encoding === b.encoding && a.sampleRateHertz === b.sampleRateHertz;
}

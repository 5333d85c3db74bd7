import type { WireAudioFormat } from './wireAudio.ts';

/**
 * A run of audio in its wire format, placed on the session's timelines: `startMs` counts from the
 * first audio the session received; `startByte` counts bytes handed to the server across
 * reconnections, and is -1 until the segment is first sent (audio dropped before sending takes no
 * place on it, so the server's byte counts and the client's agree).
 */
export interface AudioSegment {
  bytes: Buffer;
  format: WireAudioFormat;
  startMs: number;
  startByte: number;
  ms: number;
}

/** Where a segment ends on the session's byte timeline. */
export function segmentEndByte(segment: AudioSegment): number {
  return segment.startByte + segment.bytes.length;
}

/**
 * The part of a segment from session byte `from` on (the whole segment when `from` is at or before
 * its start), cut on a sample boundary of its format.
 */
export function segmentFrom(segment: AudioSegment, from: number): AudioSegment {
  const skip = from - segment.startByte;
  if (skip <= 0) return segment;
  const sample = segment.format.encoding === 'MULAW' ? 1 : 2;
  const cut = Math.min(segment.bytes.length, Math.floor(skip / sample) * sample);
  const bytes = segment.bytes.subarray(cut);
  return {
    bytes,
    format: segment.format,
    startByte: segment.startByte + cut,
    startMs: segment.startMs + (segment.ms * cut) / segment.bytes.length,
    ms: (segment.ms * bytes.length) / segment.bytes.length,
  };
}

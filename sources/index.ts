/**
 * `parley/sources`: audio sources, each a cold Observable<AudioChunk> torn down on unsubscribe, and
 * the chunk type they emit. Also part of the root entry, `parley`.
 */

// What they emit: chunks of PCM (or G.711) with their format, and the ways to read and make them.
export {
  type AudioChunk,
  type AudioEncoding,
  type AudioFormat,
  audioChunk,
  bytesPerFrame,
  checkAudioFormat,
  chunkFromFloat32,
  chunkFromInt16,
  durationMs,
  frameCount,
  SPEECH_FORMAT,
  toFloat32,
  toInt16,
} from './AudioChunk.ts';
// RTP and G.711, for sending audio to `fromRtp` or reading packets yourself.
export { encodeRtpPacket } from './encodeRtpPacket.ts';
// The sources.
export { type FfmpegInput, type FromFfmpegOptions, fromFfmpeg } from './fromFfmpeg.ts';
export { type FromFileOptions, fromFile } from './fromFile.ts';
export { type FromMicOptions, fromMic, type MicRecorder } from './fromMic.ts';
export { type FromReadableOptions, fromReadable } from './fromReadable.ts';
export { type FromRtpOptions, fromRtp, type RtpCodec } from './fromRtp.ts';
export { decodeG711, encodeG711 } from './g711.ts';
// What a bounded audio queue does when it is full (`fromReadable`, `realtime`, `streamingSession`).
export { OverflowPolicy } from './OverflowPolicy.ts';
export { parseRtpPacket, type RtpPacket } from './parseRtpPacket.ts';

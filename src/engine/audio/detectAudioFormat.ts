import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';

/** Containers Parley recognises by their first bytes. */
export type AudioContainer =
  | 'wav'
  | 'rf64'
  | 'mp3'
  | 'aac'
  | 'mp4'
  | 'ogg'
  | 'flac'
  | 'amr'
  | 'aiff'
  | 'asf'
  | 'matroska'
  | 'caf'
  | 'au';

/** How many leading bytes detection wants (fewer is fine at end of input). */
export const FORMAT_SNIFF_BYTES = 64;

const ascii = (bytes: Uint8Array, start: number, end: number): string =>
  String.fromCharCode(...bytes.subarray(start, end));

const ASF_GUID = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11];

/** Signatures of common files that are certainly not audio, to name them in the error. */
const NOT_AUDIO: Array<[string, (b: Uint8Array) => boolean]> = [
  ['a PNG image', (b) => b[0] === 0x89 && ascii(b, 1, 4) === 'PNG'],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a GIF image', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['a PDF document', (b) => ascii(b, 0, 5) === '%PDF-'],
  ['a ZIP archive', (b) => ascii(b, 0, 4) === 'PK\u0003\u0004'],
  ['a gzip archive', (b) => b[0] === 0x1f && b[1] === 0x8b],
  ['an ELF executable', (b) => ascii(b, 1, 4) === 'ELF' && b[0] === 0x7f],
];

function isMpegAudioFrame(b: Uint8Array): boolean {
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  // 11-bit frame sync, a valid version, layer != reserved, bitrate index != 15, rate index != 3.
  return (
    b[0] === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    (b1 & 0x18) !== 0x08 &&
    (b1 & 0x06) !== 0 &&
    b2 >> 4 !== 15 &&
    ((b2 >> 2) & 3) !== 3
  );
}

function isAdts(b: Uint8Array): boolean {
  return b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0;
}

function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let printable = 0;
  for (const byte of b)
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127)) printable += 1;
  return printable / b.length > 0.95;
}

/**
 * Names the container from the first bytes of the input (never from a Content-Type). Throws
 * UnsupportedMediaError naming what is wrong: empty input, a known non-audio file, text, or bytes
 * no supported container starts with.
 */
export function detectAudioFormat(head: Uint8Array): AudioContainer {
  if (head.length === 0) throw new UnsupportedMediaError('Audio input is empty (0 bytes)');
  const tag = ascii(head, 0, 4);
  if (tag === 'RIFF' || tag === 'RIFX') {
    if (head.length < 12)
      throw new UnsupportedMediaError(
        `Audio input is truncated: a RIFF header needs 12 bytes, got ${head.length}`,
      );
    const kind = ascii(head, 8, 12);
    if (kind === 'WAVE') return 'wav';
    throw new UnsupportedMediaError(`Wrong header: RIFF file of type "${kind}", not WAVE audio`);
  }
  if (tag === 'RF64' || tag === 'BW64') return 'rf64';
  if (tag === 'OggS') return 'ogg';
  if (tag === 'fLaC') return 'flac';
  if (tag === 'caff') return 'caf';
  if (tag === '.snd') return 'au';
  if (ascii(head, 0, 5) === '#!AMR') return 'amr';
  if (tag === 'FORM') {
    const kind = ascii(head, 8, 12);
    if (kind === 'AIFF' || kind === 'AIFC') return 'aiff';
    throw new UnsupportedMediaError(`Wrong header: IFF file of type "${kind}", not AIFF audio`);
  }
  if (ascii(head, 4, 8) === 'ftyp') return 'mp4';
  if (ASF_GUID.every((byte, i) => head[i] === byte)) return 'asf';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  if (isAdts(head)) return 'aac';
  if (isMpegAudioFrame(head)) return 'mp3';
  for (const [name, test] of NOT_AUDIO) {
    if (test(head)) throw new UnsupportedMediaError(`Not audio: the input is ${name}`);
  }
  if (looksLikeText(head)) throw new UnsupportedMediaError('Not audio: the input is text');
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex');
  throw new UnsupportedMediaError(`Not audio: unrecognised header bytes ${hex}`);
}

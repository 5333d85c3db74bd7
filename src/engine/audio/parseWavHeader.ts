import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';

/** Sample encodings the native WAV path decodes; anything else in a WAV goes through ffmpeg. */
export type WavSampleFormat = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64';

/** What a WAV (or RF64) header says about the samples that follow it. */
export interface WavHeader {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Null when the codec inside is not plain PCM/float (A-law, ADPCM, MP3-in-WAV, ...). */
  sampleFormat: WavSampleFormat | null;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Declared data length, or undefined when the writer left a placeholder (streamed WAV). */
  dataBytes: number | undefined;
}

/** Headers larger than this are treated as malformed rather than buffered. */
export const MAX_WAV_HEADER_BYTES = 1 << 20;

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

function sampleFormatOf(tag: number, bits: number): WavSampleFormat | null {
  if (tag === FORMAT_PCM) {
    if (bits === 8) return 'u8';
    if (bits === 16) return 's16';
    if (bits === 24) return 's24';
    if (bits === 32) return 's32';
  }
  if (tag === FORMAT_FLOAT) {
    if (bits === 32) return 'f32';
    if (bits === 64) return 'f64';
  }
  return null;
}

const fourcc = (b: Buffer, at: number): string => b.toString('latin1', at, at + 4);

/**
 * Parses the RIFF/RF64 WAVE header at the start of `bytes`. Returns undefined when more bytes are
 * needed to reach the `data` chunk (pass `final` when no more will come, to get an error instead).
 * Throws UnsupportedMediaError naming what is wrong with a malformed header.
 */
export function parseWavHeader(bytes: Uint8Array, final = false): WavHeader | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = (what: string): undefined => {
    if (final)
      throw new UnsupportedMediaError(`WAV input is truncated: ended inside ${what} (${b.length} bytes)`);
    if (b.length > MAX_WAV_HEADER_BYTES) {
      throw new UnsupportedMediaError(
        `Wrong header: no WAV data chunk within the first ${MAX_WAV_HEADER_BYTES} bytes`,
      );
    }
    return undefined;
  };
  if (b.length === 0) {
    if (final) throw new UnsupportedMediaError('Audio input is empty (0 bytes)');
    return undefined;
  }
  if (b.length < 12) return truncated('the RIFF header');
  const riff = fourcc(b, 0);
  if (riff !== 'RIFF' && riff !== 'RF64' && riff !== 'BW64') {
    throw new UnsupportedMediaError(`Wrong header: expected RIFF, found "${b.toString('hex', 0, 4)}"`);
  }
  if (fourcc(b, 8) !== 'WAVE')
    throw new UnsupportedMediaError(`Wrong header: RIFF type "${fourcc(b, 8)}", not WAVE`);
  let at = 12;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataBytes'> | undefined;
  let ds64DataBytes: number | undefined;
  while (true) {
    if (b.length < at + 8) return truncated('the chunk list before the data chunk');
    const id = fourcc(b, at);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'data') {
      if (!fmt) throw new UnsupportedMediaError('Wrong header: WAV data chunk comes before any fmt chunk');
      let dataBytes: number | undefined = size;
      if (size === 0xffffffff && ds64DataBytes !== undefined) dataBytes = ds64DataBytes;
      else if (size === 0xffffffff || size === 0) dataBytes = undefined;
      return { ...fmt, dataOffset: body, dataBytes };
    }
    if (b.length < body + size) return truncated(`the "${id.replace(/[^\x20-\x7e]/g, '?')}" chunk`);
    if (id === 'fmt ') {
      if (size < 16)
        throw new UnsupportedMediaError(`Wrong header: WAV fmt chunk is ${size} bytes, needs at least 16`);
      let formatTag = b.readUInt16LE(body);
      const channels = b.readUInt16LE(body + 2);
      const sampleRate = b.readUInt32LE(body + 4);
      const blockAlign = b.readUInt16LE(body + 12);
      const bitsPerSample = b.readUInt16LE(body + 14);
      if (formatTag === FORMAT_EXTENSIBLE) {
        if (size < 40)
          throw new UnsupportedMediaError(
            'Wrong header: WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes',
          );
        formatTag = b.readUInt16LE(body + 24);
      }
      if (channels === 0) throw new UnsupportedMediaError('Wrong header: WAV declares 0 channels');
      if (sampleRate < 1000 || sampleRate > 768_000) {
        throw new UnsupportedMediaError(`Wrong header: WAV sample rate ${sampleRate} Hz is out of range`);
      }
      const sampleFormat = sampleFormatOf(formatTag, bitsPerSample);
      if (sampleFormat && blockAlign !== channels * (bitsPerSample / 8)) {
        throw new UnsupportedMediaError(
          `Wrong header: WAV block align ${blockAlign} does not match ${channels} channels of ${bitsPerSample} bits`,
        );
      }
      fmt = { formatTag, channels, sampleRate, bitsPerSample, blockAlign, sampleFormat };
    } else if (id === 'ds64' && size >= 16) {
      ds64DataBytes = Number(b.readBigUInt64LE(body + 8));
    }
    at = body + size + (size % 2);
  }
}

import type { WavHeader } from './parseWavHeader.ts';

/**
 * Turns the bytes of a WAV data chunk, in pieces of any size, into float samples in [-1, 1]
 * per channel. Keeps at most one partial frame between calls.
 */
export class WavSampleDecoder {
  private carry: Buffer = Buffer.alloc(0);
  private remaining: number;
  private readonly bytesPerSample: number;

  constructor(private readonly header: WavHeader) {
    this.remaining = header.dataBytes ?? Number.POSITIVE_INFINITY;
    this.bytesPerSample = header.bitsPerSample / 8;
  }

  /** True once the declared data length has been consumed (trailing chunks are ignored). */
  get done(): boolean {
    return this.remaining <= 0;
  }

  /** Bytes the header promised that have not arrived (0 for streamed WAVs of unknown length). */
  get missingBytes(): number {
    return Number.isFinite(this.remaining) ? this.remaining : 0;
  }

  decode(chunk: Uint8Array): Float32Array[] {
    const { channels, blockAlign, sampleFormat } = this.header;
    let take = chunk;
    if (take.length > this.remaining) take = take.subarray(0, this.remaining);
    this.remaining -= take.length;
    const bytes =
      this.carry.length === 0
        ? Buffer.from(take.buffer, take.byteOffset, take.byteLength)
        : Buffer.concat([this.carry, take]);
    const frames = Math.floor(bytes.length / blockAlign);
    this.carry = Buffer.from(bytes.subarray(frames * blockAlign));
    const out = Array.from({ length: channels }, () => new Float32Array(frames));
    const step = this.bytesPerSample;
    for (let c = 0; c < channels; c += 1) {
      const target = out[c] as Float32Array;
      let at = c * step;
      for (let i = 0; i < frames; i += 1, at += blockAlign) {
        switch (sampleFormat) {
          case 'u8':
            target[i] = ((bytes[at] as number) - 128) / 128;
            break;
          case 's16':
            target[i] = bytes.readInt16LE(at) / 32768;
            break;
          case 's24':
            target[i] = bytes.readIntLE(at, 3) / 8388608;
            break;
          case 's32':
            target[i] = bytes.readInt32LE(at) / 2147483648;
            break;
          case 'f32':
            target[i] = clampFloat(bytes.readFloatLE(at));
            break;
          case 'f64':
            target[i] = clampFloat(bytes.readDoubleLE(at));
            break;
          default:
            throw new TypeError(`WavSampleDecoder cannot decode ${String(sampleFormat)}`);
        }
      }
    }
    return out;
  }
}

function clampFloat(x: number): number {
  if (Number.isNaN(x)) return 0;
  return x > 1 ? 1 : Math.max(x, -1);
}

import type { WavSampleFormat } from '../../../src/engine/audio/parseWavHeader.ts';

/** Bits per sample of each native WAV sample format. */
export const BITS: Record<WavSampleFormat, number> = { u8: 8, s16: 16, s24: 24, s32: 32, f32: 32, f64: 64 };

/**
 * Builds a WAV file from per-channel sample values already in the format's own integer range
 * (or floats for f32/f64). `extensible` writes WAVE_FORMAT_EXTENSIBLE; `junk` inserts a LIST
 * chunk before the data (odd-sized, to exercise pad bytes).
 */
export function buildWav(
  channels: number[][],
  format: WavSampleFormat,
  sampleRate: number,
  options: { extensible?: boolean; junk?: boolean } = {},
): Buffer {
  const bits = BITS[format];
  const bytes = bits / 8;
  const frames = channels[0]?.length ?? 0;
  const data = Buffer.alloc(frames * channels.length * bytes);
  for (let i = 0; i < frames; i += 1) {
    channels.forEach((channel, c) => {
      const at = (i * channels.length + c) * bytes;
      const v = channel[i] as number;
      if (format === 'u8') data.writeUInt8(v, at);
      else if (format === 's16') data.writeInt16LE(v, at);
      else if (format === 's24') data.writeIntLE(v, at, 3);
      else if (format === 's32') data.writeInt32LE(v, at);
      else if (format === 'f32') data.writeFloatLE(v, at);
      else data.writeDoubleLE(v, at);
    });
  }
  const tag = format === 'f32' || format === 'f64' ? 3 : 1;
  const fmt = Buffer.alloc(options.extensible ? 40 : 16);
  fmt.writeUInt16LE(options.extensible ? 0xfffe : tag, 0);
  fmt.writeUInt16LE(channels.length, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * channels.length * bytes, 8);
  fmt.writeUInt16LE(channels.length * bytes, 12);
  fmt.writeUInt16LE(bits, 14);
  if (options.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(bits, 18);
    fmt.writeUInt32LE(0, 20);
    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the tag followed by the fixed GUID tail.
    Buffer.from([tag, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]).copy(fmt, 24);
  }
  const chunk = (id: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    options.junk ? chunk('LIST', Buffer.from('INFOISFT parley')) : Buffer.alloc(0),
    chunk('data', data),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** What a decoder should output for a sample value: float in [-1, 1] to rounded, clipped int16. */
export function expectedInt16(format: WavSampleFormat, v: number): number {
  const scale = { u8: 128, s16: 32768, s24: 8388608, s32: 2147483648, f32: 1, f64: 1 }[format];
  const x = format === 'u8' ? (v - 128) / scale : v / scale;
  const clamped = Number.isNaN(x) ? 0 : Math.max(-1, Math.min(1, x));
  return Math.max(-32768, Math.min(32767, Math.round(clamped * 32768))) + 0;
}

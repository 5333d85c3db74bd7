import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import type { PcmBlock } from './PcmBlock.ts';
import { parseWavHeader, type WavHeader } from './parseWavHeader.ts';
import { floatToInt16, Resampler } from './Resampler.ts';
import { WavSampleDecoder } from './WavSampleDecoder.ts';

/** How the decoder lays out channels: averaged to one, or kept apart. */
export type ChannelLayout = 'mono' | 'separate';

/**
 * Reads a WAV header from the front of a byte stream. `head` holds bytes already read; more are
 * pulled from `rest` until the data chunk starts. Returns the header, the first data bytes, and every byte read.
 */
export async function readWavHeader(
  head: Buffer,
  rest: AsyncIterator<Buffer>,
): Promise<{ header: WavHeader; firstData: Buffer; bytes: Buffer }> {
  let bytes = head;
  while (true) {
    const header = parseWavHeader(bytes, false);
    if (header) return { header, firstData: bytes.subarray(header.dataOffset), bytes };
    const next = await rest.next();
    if (next.done) {
      parseWavHeader(bytes, true);
      throw new UnsupportedMediaError('WAV input is truncated: no data chunk');
    }
    bytes = Buffer.concat([bytes, next.value]);
  }
}

function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0] as Float32Array;
  const length = channels[0]?.length ?? 0;
  const out = new Float32Array(length);
  for (const channel of channels)
    for (let i = 0; i < length; i += 1) out[i] = (out[i] as number) + (channel[i] as number);
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i += 1) out[i] = (out[i] as number) * scale;
  return out;
}

/**
 * Decodes the PCM/float samples of a WAV whose header has been read, streaming: converts, mixes
 * or separates channels, resamples to `sampleRate`, and yields 16-bit blocks as input arrives.
 * Throws UnsupportedMediaError for a zero-length data chunk or data cut short of its declared size.
 */
export async function* decodeWavStream(
  header: WavHeader,
  firstData: Buffer,
  rest: AsyncIterator<Buffer>,
  options: { sampleRate: number; layout: ChannelLayout },
): AsyncGenerator<PcmBlock> {
  const decoder = new WavSampleDecoder(header);
  const outChannels = options.layout === 'mono' ? 1 : header.channels;
  const resamplers = Array.from(
    { length: outChannels },
    () => new Resampler(header.sampleRate, options.sampleRate),
  );
  let produced = 0;
  const convert = (samples: Float32Array[]): PcmBlock | undefined => {
    const shaped = options.layout === 'mono' ? [downmix(samples)] : samples;
    const channels = shaped.map((s, i) => floatToInt16((resamplers[i] as Resampler).push(s)));
    if ((channels[0]?.length ?? 0) === 0) return undefined;
    produced += channels[0]?.length ?? 0;
    return { sampleRate: options.sampleRate, channels };
  };
  let chunk: Buffer | undefined = firstData;
  while (chunk !== undefined) {
    if (chunk.length > 0) {
      const block = convert(decoder.decode(chunk));
      if (block) yield block;
    }
    if (decoder.done) break;
    const next = await rest.next();
    chunk = next.done ? undefined : next.value;
  }
  const tail = resamplers.map((r) => floatToInt16(r.flush()));
  if ((tail[0]?.length ?? 0) > 0) {
    produced += tail[0]?.length ?? 0;
    yield { sampleRate: options.sampleRate, channels: tail };
  }
  if (decoder.missingBytes > 0) {
    throw new UnsupportedMediaError(
      `WAV input is truncated: the data chunk declares ${header.dataBytes} bytes but ${decoder.missingBytes} are missing`,
    );
  }
  if (produced === 0) throw new UnsupportedMediaError('WAV input has a zero-length data chunk: no samples');
}

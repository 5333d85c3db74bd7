import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import type { AudioInput } from './AudioInput.ts';
import { byteChunks } from './byteChunks.ts';
import { type ChannelLayout, decodeWavStream, readWavHeader } from './decodeWavStream.ts';
import { type AudioContainer, detectAudioFormat, FORMAT_SNIFF_BYTES } from './detectAudioFormat.ts';
import { type FfmpegSource, ffmpegWavStream } from './ffmpegWavStream.ts';
import type { PcmBlock } from './PcmBlock.ts';

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions {
  /** Output rate in Hz (default 16000). */
  sampleRate?: number;
  /** `mono` (default) averages channels; `separate` keeps one array per channel. */
  layout?: ChannelLayout;
  /** ffmpeg binary (default `ffmpeg` on PATH). */
  ffmpegPath?: string | undefined;
  /** Called once with what the bytes turned out to be, before any audio is yielded. */
  onFormat?: (format: { container: AudioContainer; native: boolean }) => void;
}

/** Containers whose index may sit at the end of the file, so ffmpeg needs to seek. */
const NEEDS_SEEK: ReadonlySet<AudioContainer> = new Set(['mp4', 'caf']);

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  while (true) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Decodes audio or video bytes to signed 16-bit PCM blocks, streaming (pull-based: nothing is
 * decoded ahead of the consumer, so memory stays bounded whatever the duration). The container
 * is detected from the bytes. WAV with PCM or float samples is decoded natively; everything else
 * (and WAV with other codecs) goes through ffmpeg. Bad input throws UnsupportedMediaError naming
 * what is wrong (empty, truncated, wrong header, not audio).
 */
export async function* decodeAudio(
  input: AudioInput,
  options: DecodeAudioOptions = {},
): AsyncGenerator<PcmBlock> {
  const sampleRate = options.sampleRate ?? 16000;
  const layout = options.layout ?? 'mono';
  const source = byteChunks(input);
  let head: Buffer = Buffer.alloc(0);
  let tempDir: string | undefined;
  try {
    while (head.length < FORMAT_SNIFF_BYTES) {
      const next = await source.next();
      if (next.done) break;
      head = Buffer.concat([head, next.value]);
    }
    const container = detectAudioFormat(head);
    if (container === 'wav' || container === 'rf64') {
      const { header, firstData, bytes } = await readWavHeader(head, source);
      if (header.sampleFormat) {
        options.onFormat?.({ container, native: true });
        yield* decodeWavStream(header, firstData, source, { sampleRate, layout });
        return;
      }
      head = bytes;
    }
    options.onFormat?.({ container, native: false });
    let ffSource: FfmpegSource;
    if (typeof input === 'string') {
      ffSource = { path: input };
    } else if (NEEDS_SEEK.has(container)) {
      tempDir = await mkdtemp(join(tmpdir(), 'parley-media-'));
      const path = join(tempDir, `input.${container}`);
      await pipeline(prepend(head, source), createWriteStream(path));
      ffSource = { path };
    } else {
      ffSource = { bytes: prepend(head, source) };
    }
    const wav = ffmpegWavStream(ffSource, { sampleRate, layout, ffmpegPath: options.ffmpegPath });
    const { header, firstData } = await readWavHeader(Buffer.alloc(0), wav).catch((error: unknown) => {
      throw error instanceof UnsupportedMediaError && /WAV input/.test(error.message)
        ? new UnsupportedMediaError(`Cannot decode ${container} audio: ffmpeg produced no audio`, {
            cause: error,
          })
        : error;
    });
    try {
      yield* decodeWavStream(header, firstData, wav, { sampleRate, layout });
    } catch (error) {
      if (error instanceof UnsupportedMediaError && /zero-length/.test(error.message)) {
        throw new UnsupportedMediaError(`The ${container} input contains no audio samples`, { cause: error });
      }
      throw error;
    } finally {
      await wav.return(undefined);
    }
  } finally {
    await source.return(undefined);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../../src/engine/audio/decodeAudio.ts';
import type { PcmBlock } from '../../../src/engine/audio/PcmBlock.ts';
import { UnsupportedMediaError } from '../../../src/errors/UnsupportedMediaError.ts';
import { MP4_VIDEO_ARGS, synthesizeLines, transcode } from '../asr/speechFixture.ts';

async function collect(
  blocks: AsyncIterable<PcmBlock>,
): Promise<{ samples: number; channels: number; rate: number }> {
  let samples = 0;
  let channels = 0;
  let rate = 0;
  for await (const block of blocks) {
    samples += block.channels[0]?.length ?? 0;
    channels = block.channels.length;
    rate = block.sampleRate;
  }
  return { samples, channels, rate };
}

let wav: string;
let seconds: number;

beforeAll(() => {
  wav = synthesizeLines([{ voice: 'kal16', text: 'The quarterly budget review starts now.' }]).wav;
  seconds = (readFileSync(wav).length - 44) / 32000;
});

describe('decodeAudio', () => {
  it.each([
    ['.mp3', []],
    ['.m4a', ['-c:a', 'aac']],
    ['.ogg', ['-c:a', 'libopus']],
    ['.aac', ['-c:a', 'aac', '-f', 'adts']],
    ['.flac', []],
    ['.aiff', []],
    ['.wma', []],
    ['.amr', ['-ar', '8000', '-ac', '1', '-c:a', 'libopencore_amrnb']],
    ['.mp4', MP4_VIDEO_ARGS],
  ])('decodes %s to 16 kHz mono of the same duration', async (extension, args) => {
    let file: string;
    try {
      file = transcode(wav, extension, args as string[]);
    } catch {
      return; // this ffmpeg build lacks the encoder; decoding is covered by the other formats
    }
    const formats: unknown[] = [];
    const result = await collect(decodeAudio(file, { onFormat: (f) => formats.push(f) }));
    expect(result.rate).toBe(16000);
    expect(result.channels).toBe(1);
    expect(Math.abs(result.samples / 16000 - seconds)).toBeLessThan(0.2);
    expect(formats).toEqual([expect.objectContaining({ native: false })]);
  });

  it('decodes from a Buffer and from a Readable, including MP4 (spooled so ffmpeg can seek)', async () => {
    const mp4 = transcode(wav, '.mp4', MP4_VIDEO_ARGS);
    const fromBuffer = await collect(decodeAudio(readFileSync(mp4)));
    const fromStream = await collect(decodeAudio(createReadStream(mp4, { highWaterMark: 1000 })));
    expect(fromStream.samples).toBe(fromBuffer.samples);
    expect(Math.abs(fromBuffer.samples / 16000 - seconds)).toBeLessThan(0.2);
  });

  it('decodes WAV natively and keeps channels apart when asked', async () => {
    const stereo = transcode(wav, '.stereo48k.wav', ['-ac', '2', '-ar', '48000', '-c:a', 'pcm_s24le']);
    const formats: unknown[] = [];
    const result = await collect(
      decodeAudio(stereo, { layout: 'separate', onFormat: (f) => formats.push(f) }),
    );
    expect(formats).toEqual([{ container: 'wav', native: true }]);
    expect(result.channels).toBe(2);
    expect(Math.abs(result.samples / 16000 - seconds)).toBeLessThan(0.01);
  });

  it('sends WAVs with non-PCM codecs (mu-law) through ffmpeg', async () => {
    const ulaw = transcode(wav, '.ulaw.wav', ['-c:a', 'pcm_mulaw', '-ar', '8000']);
    const formats: unknown[] = [];
    const result = await collect(decodeAudio(ulaw, { onFormat: (f) => formats.push(f) }));
    expect(formats).toEqual([{ container: 'wav', native: false }]);
    expect(Math.abs(result.samples / 16000 - seconds)).toBeLessThan(0.1);
  });

  it.each([
    ['empty input', Buffer.alloc(0), /empty/],
    ['text', Buffer.from('{"not": "audio"}'), /Not audio: the input is text/],
    ['a truncated WAV header', Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt ', 'latin1'), /truncated/],
    [
      'a RIFF that is not WAVE',
      Buffer.from('RIFF\u0024\u0000\u0000\u0000AVI LIST\u0000\u0000', 'latin1'),
      /Wrong header/,
    ],
  ])('rejects %s with UnsupportedMediaError', async (_name, bytes, message) => {
    const failure = collect(decodeAudio(bytes));
    await expect(failure).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(collect(decodeAudio(bytes))).rejects.toThrow(message);
  });

  it('rejects a cut-off MP3 body and a video without sound with typed errors', async () => {
    const mp3 = readFileSync(transcode(wav, '.mp3'));
    await expect(collect(decodeAudio(Readable.from([mp3.subarray(0, 200)])))).rejects.toBeInstanceOf(
      UnsupportedMediaError,
    );
    const silentVideo = transcode(wav, '.silent.mp4', [
      ...MP4_VIDEO_ARGS.slice(0, 4),
      '-map',
      '1:v',
      '-t',
      '1',
      '-c:v',
      'libx264',
    ]);
    await expect(collect(decodeAudio(silentVideo))).rejects.toThrow(/no audio stream/);
  });

  it('stops ffmpeg when the consumer stops early', async () => {
    const mp3 = transcode(wav, '.mp3');
    for await (const block of decodeAudio(mp3)) {
      expect(block.channels[0]?.length).toBeGreaterThan(0);
      break;
    }
  });
});

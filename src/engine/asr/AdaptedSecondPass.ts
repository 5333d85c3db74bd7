import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcmToWav } from '../audio/pcmToWav.ts';
import { estimateMllr } from './estimateMllr.ts';
import type { RecognizedUtterance } from './RecognitionEvent.ts';
import type { Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

const RATE = 16000;
/** Fewer first-pass words than this give too little to estimate a transform from. */
const MIN_WORDS = 5;

/**
 * `accuracy: 'best'` for pocketsphinx: while the first pass runs, each channel's 16 kHz PCM is
 * spooled to a WAV file on disk (not held in memory); afterwards an MLLR transform is estimated
 * per channel from the first pass's own words (unsupervised speaker adaptation), and the channel
 * is recognised again with it. Dispose to delete the spooled audio.
 */
export class AdaptedSecondPass {
  readonly #files = new Map<number, { handle: FileHandle; path: string; samples: number }>();

  private constructor(readonly dir: string) {}

  static async create(): Promise<AdaptedSecondPass> {
    return new AdaptedSecondPass(await mkdtemp(join(tmpdir(), 'parley-adapt-')));
  }

  /** Appends first-pass audio of a channel. */
  async record(channel: number, pcm: Int16Array): Promise<void> {
    let file = this.#files.get(channel);
    if (file === undefined) {
      const path = join(this.dir, `channel-${channel}.wav`);
      const handle = await open(path, 'w');
      // The header is rewritten with the real length once the audio has ended.
      await handle.write(pcmToWav(new Int16Array(0), RATE));
      file = { handle, path, samples: 0 };
      this.#files.set(channel, file);
    }
    await file.handle.write(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    file.samples += pcm.length;
  }

  /**
   * The channel recognised again with a transform adapted to it, or the first pass unchanged
   * when it has too few words to adapt from.
   */
  async recognizeAgain(
    channel: number,
    firstPass: readonly RecognizedUtterance[],
    recognizer: Recognizer,
    options: RecognizerOptions,
  ): Promise<RecognizedUtterance[]> {
    const file = this.#files.get(channel);
    const words = firstPass.flatMap((u) => u.words.map((w) => w.word));
    if (file === undefined || words.length < MIN_WORDS) return [...firstPass];
    const header = pcmToWav(new Int16Array(0), RATE);
    new DataView(header.buffer).setUint32(4, 36 + file.samples * 2, true);
    new DataView(header.buffer).setUint32(40, file.samples * 2, true);
    await file.handle.write(header, 0, header.length, 0);
    await file.handle.close();
    this.#files.delete(channel);
    const work = join(this.dir, `adapt-${channel}`);
    await mkdir(work, { recursive: true });
    const mllr = await estimateMllr(file.path, words, work, options.modelPath);
    if (mllr === undefined) return [...firstPass];
    const session = await recognizer.open({ ...options, sampleRate: RATE, mllr });
    const utterances: RecognizedUtterance[] = [];
    let failure: unknown;
    const subscription = session.events$.subscribe({
      next: (event) => {
        if (event.type === 'final') utterances.push(event.utterance);
      },
      error: (error: unknown) => {
        failure = error;
      },
    });
    try {
      for await (const chunk of createReadStream(file.path, { start: 44, highWaterMark: RATE * 2 })) {
        const bytes = chunk as Buffer;
        const pcm = new Int16Array(
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)),
        );
        await session.write(pcm);
        if (failure !== undefined) throw failure;
      }
      await session.end();
      if (failure !== undefined) throw failure;
    } catch (error) {
      session.abort();
      throw error;
    } finally {
      subscription.unsubscribe();
    }
    return utterances;
  }

  /** Closes and deletes everything spooled. */
  async dispose(): Promise<void> {
    for (const file of this.#files.values()) await file.handle.close().catch(() => undefined);
    this.#files.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}

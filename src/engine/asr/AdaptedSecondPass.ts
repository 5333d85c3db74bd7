import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcmSpool } from '../audio/PcmSpool.ts';
import { estimateMllr } from './estimateMllr.ts';
import type { RecognizedUtterance } from './RecognitionEvent.ts';
import type { Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

const RATE = 16000;
/** Fewer first-pass words than this give too little to estimate a transform from. */
const MIN_WORDS = 5;
/** Samples per write of the second pass (one second). */
const WRITE_SAMPLES = RATE;

/**
 * `accuracy: 'best'` for pocketsphinx: while the first pass runs, each channel's 16 kHz PCM is
 * spooled to a WAV file on disk (not held in memory); afterwards an MLLR transform is estimated
 * per channel from the first pass's own words (unsupervised speaker adaptation), and the channel
 * is recognised again with it. Dispose to delete the spooled audio.
 */
export class AdaptedSecondPass {
  readonly #spools = new Map<number, PcmSpool>();

  private constructor(readonly dir: string) {}

  static async create(): Promise<AdaptedSecondPass> {
    return new AdaptedSecondPass(await mkdtemp(join(tmpdir(), 'parley-adapt-')));
  }

  /** Appends first-pass audio of a channel. */
  async record(channel: number, pcm: Int16Array): Promise<void> {
    let spool = this.#spools.get(channel);
    if (spool === undefined) {
      spool = await PcmSpool.create(join(this.dir, `channel-${channel}.wav`), RATE);
      this.#spools.set(channel, spool);
    }
    await spool.append(pcm);
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
    const spool = this.#spools.get(channel);
    if (spool === undefined) return [...firstPass];
    await spool.finish();
    const mllr = await this.transformFor(channel, spool.path, firstPass, options.modelPath);
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
      for (let at = 0; at < spool.samples; at += WRITE_SAMPLES) {
        await session.write(await spool.read(at, Math.min(spool.samples, at + WRITE_SAMPLES)));
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

  /**
   * An MLLR transform adapted to a channel's voice, estimated from its audio (a complete 16 kHz
   * WAV) and the first pass's words; undefined when there are too few words to adapt from.
   */
  async transformFor(
    channel: number,
    wav: string,
    firstPass: readonly RecognizedUtterance[],
    modelPath?: string,
  ): Promise<string | undefined> {
    const words = firstPass.flatMap((u) => u.words.map((w) => w.word));
    if (words.length < MIN_WORDS) return undefined;
    const work = join(this.dir, `adapt-${channel}`);
    await mkdir(work, { recursive: true });
    return estimateMllr(wav, words, work, modelPath);
  }

  /** Closes and deletes everything spooled. */
  async dispose(): Promise<void> {
    for (const spool of this.#spools.values()) await spool.dispose();
    this.#spools.clear();
    await rm(this.dir, { recursive: true, force: true });
  }
}

import type { PcmSpool } from '../audio/PcmSpool.ts';
import type { RecognizedUtterance, RecognizedWord } from './RecognitionEvent.ts';
import type { RecognitionSession, Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

/** Samples per write: small, so that little is read past a piece's end before it stops. */
const WRITE_SAMPLES = 4096;
/** Samples per write while only listening (about 10 s at 16 kHz): fewer messages, nothing to wait for. */
const LISTEN_WRITE_SAMPLES = 163_840;

/** How a piece reaches its recogniser. */
export interface PieceRecognition {
  recognizer: Recognizer;
  options: RecognizerOptions;
  /**
   * Most samples read past the piece's end while waiting for the utterance running there to
   * become final (the recogniser's longest utterance, plus a margin).
   */
  lookahead: number;
  /** Called after each write. */
  onWrite?: () => void;
  /**
   * The recogniser can listen without recognising (PiecewiseCapacity.listens): the stream starts
   * at the start of the recording and listens up to `from`.
   */
  listens?: boolean;
}

/** An utterance with every time moved by `seconds`. */
function shifted(utterance: RecognizedUtterance, seconds: number): RecognizedUtterance {
  const at = (t: number): number => Math.round((t + seconds) * 1000) / 1000;
  return {
    ...utterance,
    start: at(utterance.start),
    end: at(utterance.end),
    words: utterance.words.map((w) => ({ ...w, start: at(w.start), end: at(w.end) })),
  };
}

/**
 * One piece of a spooled recording, recognised on a stream of its own. It owns the words that
 * start in `[start, end)` (samples from the start of the recording; no `end`:
 * to the end of the recording). Its stream recognises from `from`, earlier, so that the utterance
 * running at `start` is recognised whole; on a recogniser that listens, the stream starts at the
 * start of the recording and only listens up to `from`, so that the recogniser's adaptive state
 * (noise level, cepstral mean, voice-activity detector) is exactly that of one long stream and the
 * piece's words are that stream's. It reads on past `end` until the utterance running there is
 * final. `end` may be moved earlier while the piece runs (the rest becoming another piece), never
 * below what it has read.
 */
export class RecognitionPiece {
  readonly #spool: PcmSpool;
  #end: number | undefined;
  /** Samples written to the recogniser, from the start of the recording (listening included). */
  #position: number;
  readonly #finals: RecognizedUtterance[] = [];
  /** Start (seconds from the start of the recording) of the latest utterance the stream has begun. */
  #latestUtteranceStart = Number.NEGATIVE_INFINITY;
  #session: RecognitionSession | undefined;
  #aborted = false;

  constructor(
    spool: PcmSpool,
    readonly start: number,
    end: number | undefined,
    readonly from: number,
  ) {
    if (from > start || (end !== undefined && end <= start))
      throw new RangeError(`RecognitionPiece: bad range ${from} / [${start}, ${end})`);
    this.#spool = spool;
    this.#end = end;
    this.#position = from;
  }

  /** End of the owned range (exclusive), or undefined for the end of the recording. */
  get end(): number | undefined {
    return this.#end;
  }

  /**
   * Where the piece has read to, counted from the start of the recording; at least `from`, since
   * listening up to there is quick.
   */
  get position(): number {
    return Math.max(this.#position, this.from);
  }

  /** Samples of the owned range written to the recogniser so far. */
  get ownedWritten(): number {
    return Math.max(0, Math.min(this.#position, this.#end ?? Number.POSITIVE_INFINITY) - this.start);
  }

  /** Moves the owned end earlier; `at` must lie after what has been read and after `start`. */
  shorten(at: number): void {
    if (at <= this.position || at <= this.start || (this.#end !== undefined && at >= this.#end))
      throw new RangeError(`RecognitionPiece: cannot end at ${at} (read to ${this.position})`);
    this.#end = at;
  }

  /** Recognises the piece; rejects with the recogniser's error. */
  async run(recognition: PieceRecognition): Promise<void> {
    if (this.#aborted) return;
    const rate = this.#spool.sampleRate;
    const streamFrom = recognition.listens === true ? 0 : this.from;
    this.#position = streamFrom;
    const session = await recognition.recognizer.open({
      ...recognition.options,
      sampleRate: rate,
      ...(streamFrom < this.from ? { listenOnlySeconds: (this.from - streamFrom) / rate } : {}),
    });
    this.#session = session;
    if (this.#aborted) {
      session.abort();
      return;
    }
    let failure: unknown;
    const subscription = session.events$.subscribe({
      next: (event) => {
        if (event.type === 'final') this.#finals.push(shifted(event.utterance, streamFrom / rate));
        else
          this.#latestUtteranceStart = Math.max(this.#latestUtteranceStart, event.start + streamFrom / rate);
      },
      error: (error: unknown) => {
        failure = error;
      },
    });
    try {
      while (!this.#aborted) {
        if (failure !== undefined) throw failure;
        if (this.#endReached(recognition.lookahead)) {
          session.abort();
          return;
        }
        const want =
          this.#position < this.from
            ? Math.min(this.from, this.#position + LISTEN_WRITE_SAMPLES)
            : this.#position + WRITE_SAMPLES;
        await this.#spool.until(want);
        if (this.#aborted) break;
        const to = Math.min(want, this.#spool.samples);
        if (to <= this.#position) {
          // The recording ends here: flush the last utterance.
          await session.end();
          if (failure !== undefined) throw failure;
          return;
        }
        await session.write(await this.#spool.read(this.#position, to));
        this.#position = to;
        recognition.onWrite?.();
      }
    } catch (error) {
      session.abort();
      throw error;
    } finally {
      subscription.unsubscribe();
    }
  }

  /** Stops a running piece at once (another piece failed). */
  abort(): void {
    this.#aborted = true;
    this.#session?.abort();
  }

  /**
   * Past the owned end, and every utterance that starts before it is final: a final has come
   * that reaches past the end (finals come in order), a partial shows an utterance begun at or
   * after the end (so the one before it is final), or the recogniser has had enough audio past
   * the end to have closed any utterance.
   */
  #endReached(lookahead: number): boolean {
    const end = this.#end;
    if (end === undefined || this.#position < end) return false;
    const last = this.#finals[this.#finals.length - 1];
    const seconds = end / this.#spool.sampleRate;
    return (
      (last !== undefined && last.end >= seconds) ||
      this.#latestUtteranceStart >= seconds ||
      this.#position >= end + lookahead
    );
  }

  /**
   * The owned words, in their utterances, timed from the start of the recording; complete once
   * `run` has resolved. A piece owns the words that start in its range, so that however the
   * streams on either side of a cut group words into utterances, each word is kept exactly once.
   */
  utterances(): RecognizedUtterance[] {
    const rate = this.#spool.sampleRate;
    const from = this.start / rate;
    const to = this.#end === undefined ? Number.POSITIVE_INFINITY : this.#end / rate;
    return this.#finals.flatMap((u) => {
      const kept = withWords(
        u,
        u.words.filter((w) => w.start >= from && w.start < to),
      );
      return kept === undefined ? [] : [kept];
    });
  }
}

/** An utterance cut down to some of its words (text, start and confidence to match); undefined for none. */
export function withWords(
  utterance: RecognizedUtterance,
  words: RecognizedUtterance['words'],
): RecognizedUtterance | undefined {
  if (words.length === utterance.words.length) return utterance;
  const first = words[0];
  if (first === undefined) return undefined;
  return {
    ...utterance,
    text: words.map((w) => w.word).join(' '),
    start: first.start,
    end: (words[words.length - 1] as RecognizedWord).end,
    confidence: Math.round((words.reduce((s, w) => s + w.confidence, 0) / words.length) * 1000) / 1000,
    words,
  };
}

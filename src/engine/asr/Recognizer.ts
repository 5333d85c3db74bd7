import type { Observable } from 'rxjs';
import type { RecognitionEvent } from './RecognitionEvent.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

/**
 * A live recognition stream opened by {@link Recognizer.open}: write PCM with backpressure, end it,
 * and read events. Used where the writer must not outrun the recogniser (decoding files).
 */
export interface RecognitionSession {
  /** Every event, in order; completes after `end()` once the last utterance is final. */
  readonly events$: Observable<RecognitionEvent>;
  /** Queues 16-bit mono PCM; resolves when there is room for more. */
  write(pcm: Int16Array): Promise<void>;
  /** No more audio: flushes the last utterance. Resolves when events$ has completed. */
  end(): Promise<void>;
  /** Stops at once and releases the engine; events$ completes without further events. */
  abort(): void;
}

/**
 * What a recogniser offers for recognising pieces of one recording on several streams at once
 * (ParallelRecognition): those whose streams run on a pool of workers.
 */
export interface PiecewiseCapacity {
  /** Streams that run at once (one per worker). */
  readonly slots: number;
  /** Whether one more stream would now get a worker to itself. */
  idle(): boolean;
  /** A piece's stream starts a multiple of this many samples (16 kHz) into the recording. */
  readonly alignment: number;
  /** Seconds recognised before a piece's start, so the engine's adaptive state has settled there. */
  readonly warmUpSeconds: number;
  /**
   * Whether a stream can listen to its start without recognising it
   * (RecognizerOptions.listenOnlySeconds). A piece's stream then starts at the start of the
   * recording and listens up to its warm-up, so the engine's adaptive state there is exactly
   * that of one stream; it recognises from the first utterance end after that, so `warmUpSeconds`
   * must be at least the longest utterance for the one running at the piece's start to be
   * recognised whole.
   */
  readonly listens: boolean;
  /** Longest utterance the recogniser makes before it cuts one, in seconds. */
  readonly maxUtteranceSeconds: number;
}

/**
 * A speech recogniser: signed 16-bit mono PCM in, partial hypotheses and final utterances with
 * word timings out. Implementations: pocketsphinx in-process (PocketsphinxRecognizer) and a
 * remote OpenAI-compatible transcription server (RemoteRecognizer).
 */
export interface Recognizer {
  readonly name: string;
  /**
   * Recognises a PCM stream. Cold: each subscription opens one engine stream, torn down on
   * unsubscribe. Errors with RecognizerError when the engine fails, BufferOverflowError when the
   * input outruns the engine by more than its bounded queue.
   */
  recognize(pcm$: Observable<Int16Array>, options?: RecognizerOptions): Observable<RecognitionEvent>;
  /** Opens a session with backpressure (see RecognitionSession). */
  open(options?: RecognizerOptions): Promise<RecognitionSession>;
  /** Present when pieces of one recording can be recognised at once. */
  readonly piecewise?: PiecewiseCapacity;
}

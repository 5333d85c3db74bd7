import { type Observable, Subject } from 'rxjs';
import { BufferOverflowError } from '../../errors/BufferOverflowError.ts';
import type { RecognizerError } from '../../errors/RecognizerError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { floatToInt16, int16ToFloat, Resampler } from '../audio/Resampler.ts';
import { resolveEndpointing } from './endpointing/EndpointingSettings.ts';
import {
  CONTINUOUS_BLOCK,
  decoderBlockSamples,
  MAX_UTTERANCE_SECONDS,
  STREAM_ALIGNMENT,
} from './PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from './pocketsphinxArguments.ts';
import type { RecognitionEvent } from './RecognitionEvent.ts';
import type { PiecewiseCapacity, RecognitionSession, Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';
import { type RecognizerWorkerPool, sharedRecognizerPool } from './RecognizerWorkerPool.ts';
import { recognizeThroughSession } from './recognizeThroughSession.ts';

/** The acoustic model's rate; other input rates are resampled to it on the main thread. */
const MODEL_RATE = 16000;
/** Audio messages in flight to the worker before write() waits (each is one write, ~0.1-1 s). */
const HIGH_WATER = 4;
/** Seconds of audio recognize() lets pile up ahead of the engine before failing. */
const MAX_QUEUED_SECONDS = 120;
/**
 * Audio a piece's stream recognises before the piece starts. The stream listens from the start of
 * the recording (PocketsphinxDecoder.listenUntil), so pocketsphinx's adaptive state (noise level,
 * voice-activity detector, cepstral mean, and where utterances end) is one stream's; it begins
 * recognising at the first utterance end after its warm-up starts. No utterance is longer than
 * MAX_UTTERANCE_SECONDS (plus the block in which that is noticed), so that end comes before the
 * utterance running at the piece's start begins, and the piece recognises that utterance, and
 * every one after it, as one stream does.
 */
const WARM_UP_SECONDS = MAX_UTTERANCE_SECONDS + CONTINUOUS_BLOCK / MODEL_RATE;

/**
 * Recognition with CMU pocketsphinx (Debian libpocketsphinx3, en-us model) on worker threads.
 * Telephone audio (`mode: 'phone'`, 8 kHz by default) is upsampled to 16 kHz: measured, this beat
 * native 8 kHz decoding with this model (see pocketsphinxArguments). Custom vocabulary words the
 * dictionary lacks are pronounced by flite's letter-to-sound rules, and all vocabulary words and
 * phrases get weight from a vocabulary model interpolated with the general one (PocketsphinxDecoder).
 */
export class PocketsphinxRecognizer implements Recognizer {
  readonly name = 'pocketsphinx';

  readonly piecewise: PiecewiseCapacity;

  constructor(private readonly pool: RecognizerWorkerPool = sharedRecognizerPool()) {
    this.piecewise = {
      slots: pool.size,
      idle: () => pool.idleWorkers() > 0,
      alignment: STREAM_ALIGNMENT,
      warmUpSeconds: WARM_UP_SECONDS,
      listens: true,
      maxUtteranceSeconds: MAX_UTTERANCE_SECONDS,
    };
  }

  async open(options: RecognizerOptions = {}): Promise<RecognitionSession> {
    return this.openNow(options);
  }

  recognize(pcm$: Observable<Int16Array>, options: RecognizerOptions = {}): Observable<RecognitionEvent> {
    return recognizeThroughSession(
      () => this.openNow(options),
      pcm$,
      (session) =>
        session.queuedSeconds() > MAX_QUEUED_SECONDS
          ? new BufferOverflowError(
              `recogniser input is more than ${MAX_QUEUED_SECONDS} s ahead of recognition`,
            )
          : undefined,
    );
  }

  private openNow(options: RecognizerOptions): RecognitionSession & { queuedSeconds(): number } {
    const inputRate = options.sampleRate ?? (options.mode === 'phone' ? 8000 : MODEL_RATE);
    if (!Number.isFinite(inputRate) || inputRate < 4000 || inputRate > 192_000) {
      throw new ValidationError('recognizer options', [
        { path: 'sampleRate', message: `unsupported rate ${inputRate}` },
      ]);
    }
    const args = pocketsphinxArguments(options);
    const resampler = inputRate === MODEL_RATE ? undefined : new Resampler(inputRate, MODEL_RATE);
    const events$ = new Subject<RecognitionEvent>();
    let inFlight = 0;
    let queuedSamples = 0;
    const sizes: number[] = [];
    let waiters: Array<() => void> = [];
    let closed = false;
    let failure: RecognizerError | undefined;
    let endResolve: (() => void) | undefined;
    let endReject: ((error: unknown) => void) | undefined;
    const ended = new Promise<void>((resolve, reject) => {
      endResolve = resolve;
      endReject = reject;
    });
    ended.catch(() => undefined);
    const wake = (): void => {
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    };
    const stream = this.pool.open(
      {
        args,
        sampleRate: MODEL_RATE,
        partialIntervalMs: options.partialIntervalMs ?? 300,
        customVocabulary: [...(options.customVocabulary ?? [])],
        blockSamples: decoderBlockSamples(options),
        listenSamples: Math.round(Math.max(0, options.listenOnlySeconds ?? 0) * MODEL_RATE),
        endpointing: options.endpointing && resolveEndpointing(options.endpointing),
      },
      {
        onEvents: (events, acked) => {
          for (let i = 0; i < acked; i += 1) queuedSamples -= sizes.shift() ?? 0;
          inFlight -= acked;
          for (const event of events) events$.next(event);
          if (inFlight < HIGH_WATER) wake();
        },
        onEnded: () => {
          closed = true;
          events$.complete();
          endResolve?.();
          wake();
        },
        onError: (error) => {
          closed = true;
          failure = error;
          events$.error(error);
          endReject?.(error);
          wake();
        },
      },
    );
    const send = (pcm: Int16Array): void => {
      if (pcm.length === 0) return;
      inFlight += 1;
      queuedSamples += pcm.length;
      sizes.push(pcm.length);
      stream.send(pcm);
    };
    return {
      events$: events$.asObservable(),
      queuedSeconds: () => queuedSamples / MODEL_RATE,
      write: async (pcm) => {
        if (failure) throw failure;
        if (closed) return;
        // Copy: the buffer is transferred to the worker, and callers may reuse theirs.
        send(resampler ? floatToInt16(resampler.push(int16ToFloat(pcm))) : pcm.slice());
        if (inFlight >= HIGH_WATER) await new Promise<void>((resolve) => waiters.push(resolve));
        if (failure) throw failure;
      },
      end: async () => {
        if (!closed) {
          if (resampler) send(floatToInt16(resampler.flush()));
          stream.end();
        }
        return ended;
      },
      abort: () => {
        if (closed) return;
        closed = true;
        stream.abort();
        events$.complete();
        endResolve?.();
        wake();
      },
    };
  }
}

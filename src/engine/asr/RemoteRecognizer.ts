import { type Observable, Subject } from 'rxjs';
import { AbortError } from '../../errors/AbortError.ts';
import { BufferOverflowError } from '../../errors/BufferOverflowError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { pcmToWav } from '../audio/pcmToWav.ts';
import { floatToInt16, int16ToFloat, Resampler } from '../audio/Resampler.ts';
import { type SpeechChunk, SpeechChunker, type SpeechChunkerOptions } from '../audio/SpeechChunker.ts';
import { postTranscription } from './postTranscription.ts';
import type { RecognitionEvent } from './RecognitionEvent.ts';
import type { RecognitionSession, Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';
import { recognizeThroughSession } from './recognizeThroughSession.ts';
import { transcriptionUtterances } from './transcriptionUtterances.ts';

/** Where the remote recogniser sends audio, and the bounds on each request. */
export interface RemoteRecognizerOptions {
  /**
   * The server: a base URL (`http://127.0.0.1:8080`, `http://host:8080/v1`), to which
   * `/v1/audio/transcriptions` is added (`/audio/transcriptions` after `/v1`), or the full
   * endpoint URL ending in `/audio/transcriptions`. http or https, no credentials in the URL.
   */
  url: string;
  /** `model` form field (default `whisper-1`; self-hosted servers mostly ignore it or name their model). */
  model?: string;
  /** Sent as a bearer token when set. */
  apiKey?: string;
  /** `language` form field, ISO 639-1 (default `en`). */
  language?: string;
  /** Per request, connection to last byte (default 120 s). */
  timeoutMs?: number;
  /** Largest answer read (default 4 MiB). */
  maxResponseBytes?: number;
  /** Further attempts of a request after a failure that may pass (default 2). */
  retries?: number;
  /** Requests in flight at once per stream (default 2); results are still emitted in order. */
  concurrency?: number;
  /** How the stream is cut into requests (defaults: 4 s minimum, cut at 0.4 s pauses, 30 s maximum). */
  chunks?: Omit<SpeechChunkerOptions, 'sampleRate'>;
}

/** The rate audio is sent at: what whisper-family models take. */
const SEND_RATE = 16000;
/** Longest custom-vocabulary prompt, in characters (whisper reads about 224 prompt tokens). */
const MAX_PROMPT_CHARS = 800;
/** Chunks waiting for a request slot before write() waits, and, for recognize(), before it fails. */
const MAX_WAITING_CHUNKS = 8;

/** The endpoint URL for a configured server URL; ValidationError when it cannot be one. */
export function transcriptionEndpoint(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('remote recognizer', [{ path: 'url', message: `not a URL: ${url}` }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ValidationError('remote recognizer', [{ path: 'url', message: 'must be http or https' }]);
  if (parsed.username !== '' || parsed.password !== '')
    throw new ValidationError('remote recognizer', [
      { path: 'url', message: 'must not carry credentials; give apiKey instead' },
    ]);
  const path = parsed.pathname.replace(/\/+$/, '');
  if (!/\/audio\/transcriptions$/.test(path))
    parsed.pathname = /\/v1$/.test(path) ? `${path}/audio/transcriptions` : `${path}/v1/audio/transcriptions`;
  parsed.hash = '';
  return parsed;
}

/**
 * A recogniser that sends audio to a transcription server the user runs (whisper.cpp's server,
 * faster-whisper servers, anything speaking OpenAI's `/v1/audio/transcriptions`), asking for word
 * timestamps. The stream is cut at pauses into chunks of a few seconds (SpeechChunker); each chunk
 * with speech is one request, up to `concurrency` in flight, and its words come back as final
 * utterances in stream order. There are no partial hypotheses. Custom vocabulary is sent as the
 * `prompt` (a glossary the model is primed with), which favours those spellings; the server's
 * model decides what to make of it.
 */
export class RemoteRecognizer implements Recognizer {
  readonly name = 'remote';
  readonly endpoint: URL;
  readonly #options: RemoteRecognizerOptions;

  constructor(options: RemoteRecognizerOptions) {
    this.endpoint = transcriptionEndpoint(options.url);
    for (const key of ['timeoutMs', 'maxResponseBytes', 'concurrency'] as const) {
      const value = options[key];
      if (value !== undefined && !(Number.isInteger(value) && value > 0))
        throw new ValidationError('remote recognizer', [
          { path: key, message: 'must be a positive integer' },
        ]);
    }
    this.#options = options;
  }

  async open(options: RecognizerOptions = {}): Promise<RecognitionSession> {
    return new RemoteSession(this.endpoint, this.#options, options);
  }

  recognize(pcm$: Observable<Int16Array>, options: RecognizerOptions = {}): Observable<RecognitionEvent> {
    return recognizeThroughSession(
      () => new RemoteSession(this.endpoint, this.#options, options),
      pcm$,
      (session) =>
        session.waitingChunks() > MAX_WAITING_CHUNKS
          ? new BufferOverflowError(
              `recogniser input is more than ${MAX_WAITING_CHUNKS} chunks ahead of the transcription server`,
            )
          : undefined,
    );
  }
}

interface Pending {
  chunk: SpeechChunk;
  result?: Promise<RecognitionEvent[]>;
}

/** One stream to the remote server: chunking, bounded requests in flight, in-order results. */
class RemoteSession implements RecognitionSession {
  readonly #events = new Subject<RecognitionEvent>();
  readonly events$ = this.#events.asObservable();
  readonly #endpoint: URL;
  readonly #remote: RemoteRecognizerOptions;
  readonly #fields: Record<string, string | readonly string[]>;
  readonly #chunker: SpeechChunker;
  readonly #resampler: Resampler | undefined;
  readonly #abort = new AbortController();
  /** Chunks in stream order: requested (result set) or waiting for a slot. */
  readonly #queue: Pending[] = [];
  #inFlight = 0;
  #ending = false;
  #closed = false;
  #failure: unknown;
  #waiters: Array<() => void> = [];
  readonly #done: Promise<void>;
  #settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(endpoint: URL, remote: RemoteRecognizerOptions, options: RecognizerOptions) {
    const inputRate = options.sampleRate ?? (options.mode === 'phone' ? 8000 : SEND_RATE);
    if (!Number.isFinite(inputRate) || inputRate < 4000 || inputRate > 192_000)
      throw new ValidationError('recognizer options', [
        { path: 'sampleRate', message: `unsupported rate ${inputRate}` },
      ]);
    this.#endpoint = endpoint;
    this.#remote = remote;
    this.#resampler = inputRate === SEND_RATE ? undefined : new Resampler(inputRate, SEND_RATE);
    this.#chunker = new SpeechChunker({ sampleRate: SEND_RATE, ...remote.chunks });
    const prompt = vocabularyPrompt(options.customVocabulary ?? []);
    this.#fields = {
      model: remote.model ?? 'whisper-1',
      language: remote.language ?? 'en',
      response_format: 'verbose_json',
      'timestamp_granularities[]': ['word', 'segment'],
      temperature: '0',
      ...(prompt === undefined ? {} : { prompt }),
    };
    this.#done = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#done.catch(() => undefined);
  }

  waitingChunks(): number {
    return this.#queue.length - this.#inFlight;
  }

  async write(pcm: Int16Array): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#closed || this.#ending) return;
    const audio = this.#resampler ? floatToInt16(this.#resampler.push(int16ToFloat(pcm))) : pcm;
    for (const chunk of this.#chunker.push(audio)) this.#enqueue(chunk);
    while (this.waitingChunks() >= MAX_WAITING_CHUNKS && !this.#closed && this.#failure === undefined)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    if (this.#failure !== undefined) throw this.#failure;
  }

  async end(): Promise<void> {
    if (!this.#closed && !this.#ending) {
      this.#ending = true;
      if (this.#resampler)
        for (const c of this.#chunker.push(floatToInt16(this.#resampler.flush()))) this.#enqueue(c);
      for (const chunk of this.#chunker.flush()) this.#enqueue(chunk);
      this.#pump();
    }
    return this.#done;
  }

  abort(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort(new AbortError('remote recognition aborted'));
    this.#events.complete();
    this.#settle.resolve();
    this.#wake();
  }

  #enqueue(chunk: SpeechChunk): void {
    if (!chunk.speech) return;
    this.#queue.push({ chunk });
    this.#pump();
  }

  /** Starts requests for waiting chunks while there is room, and emits finished ones in order. */
  #pump(): void {
    const limit = this.#remote.concurrency ?? 2;
    for (const pending of this.#queue) {
      if (this.#inFlight >= limit) break;
      if (pending.result !== undefined) continue;
      this.#inFlight += 1;
      pending.result = this.#transcribe(pending.chunk);
      pending.result.then(
        () => this.#drain(),
        (error: unknown) => this.#fail(error),
      );
    }
    if (this.#ending && this.#queue.length === 0 && !this.#closed) {
      this.#closed = true;
      this.#events.complete();
      this.#settle.resolve();
    }
  }

  /** Emits the results at the head of the queue that have arrived, then starts more requests. */
  #drain(): void {
    void (async () => {
      while (!this.#closed && this.#queue[0]?.result !== undefined) {
        const head = this.#queue[0];
        let events: RecognitionEvent[];
        try {
          events = (await head.result) ?? [];
        } catch {
          return; // #fail handles it
        }
        if (this.#queue[0] !== head || this.#closed) return;
        this.#queue.shift();
        this.#inFlight -= 1;
        for (const event of events) this.#events.next(event);
      }
      this.#wake();
      if (!this.#closed) this.#pump();
    })();
  }

  async #transcribe(chunk: SpeechChunk): Promise<RecognitionEvent[]> {
    const answer = await postTranscription(
      {
        endpoint: this.#endpoint,
        wav: pcmToWav(chunk.pcm, SEND_RATE),
        fields: this.#fields,
        ...(this.#remote.apiKey === undefined ? {} : { apiKey: this.#remote.apiKey }),
      },
      {
        timeoutMs: this.#remote.timeoutMs ?? 120_000,
        maxResponseBytes: this.#remote.maxResponseBytes ?? 4 * 1024 * 1024,
        retries: this.#remote.retries ?? 2,
      },
      this.#abort.signal,
    );
    return transcriptionUtterances(answer, chunk.start, chunk.pcm.length / SEND_RATE).map((utterance) => ({
      type: 'final',
      utterance,
    }));
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#failure = error;
    this.#abort.abort(error);
    this.#events.error(error);
    this.#settle.reject(error);
    this.#wake();
  }

  #wake(): void {
    const ready = this.#waiters;
    this.#waiters = [];
    for (const w of ready) w();
  }
}

/** Custom vocabulary as a whisper prompt: a glossary line the model continues from. */
function vocabularyPrompt(vocabulary: readonly string[]): string | undefined {
  // Spelling and case as given: they are what the model should write.
  const phrases = vocabulary.map((p) => p.replace(/[\p{Cc}\s]+/gu, ' ').trim()).filter((p) => p !== '');
  if (phrases.length === 0) return undefined;
  let prompt = 'Glossary:';
  for (const phrase of [...new Set(phrases)]) {
    const next = `${prompt}${prompt.endsWith(':') ? ' ' : ', '}${phrase}`;
    if (next.length > MAX_PROMPT_CHARS) break;
    prompt = next;
  }
  return `${prompt}.`;
}

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { ParleyError } from '../../errors/ParleyError.ts';
import { RemoteRecognizerError } from '../../errors/RemoteRecognizerError.ts';
import { TimeoutError } from '../../errors/TimeoutError.ts';

/** One transcription request: the audio and the form fields sent with it. */
export interface TranscriptionRequest {
  /** The endpoint, `http(s)://…/audio/transcriptions`. */
  endpoint: URL;
  /** A WAV file. */
  wav: Uint8Array;
  /** Form fields besides the file; an array value is sent as repeated fields. */
  fields: Record<string, string | readonly string[]>;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
}

/** Bounds on one transcription request. */
export interface TranscriptionLimits {
  /** Whole exchange, connection to last response byte, per attempt. */
  timeoutMs: number;
  /** Largest response body read; a larger one fails the request. */
  maxResponseBytes: number;
  /** Further attempts after a failure that may pass (connection error, 429, 5xx). */
  retries: number;
}

/** Longest wait honoured from a Retry-After header before another attempt. */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Posts audio to an OpenAI-compatible transcription endpoint and returns its JSON answer. This is
 * the one place the recogniser makes an outbound request. Every failure is typed: TimeoutError
 * when an attempt outlasts `timeoutMs`, RemoteRecognizerError for an unreachable server, a non-2xx
 * answer, a body over `maxResponseBytes` or one that is not JSON; AbortError-shaped rejections
 * pass through when `signal` aborts. Failures that may pass are tried again `retries` times.
 */
export async function postTranscription(
  transcription: TranscriptionRequest,
  limits: TranscriptionLimits,
  signal?: AbortSignal,
): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await attemptTranscription(transcription, limits, signal);
    } catch (error) {
      const retryable = error instanceof ParleyError && error.retryable;
      if (!retryable || attempt >= limits.retries || signal?.aborted) throw error;
      const wait = error instanceof RetryLater ? error.waitMs : 250 * 2 ** attempt;
      await sleep(wait, undefined, signal ? { signal } : undefined);
    }
  }
}

/** A 429 or 503 that said how long to wait. */
class RetryLater extends RemoteRecognizerError {
  constructor(
    message: string,
    readonly waitMs: number,
    upstreamStatus: number,
  ) {
    super(message, { upstreamStatus, retryable: true });
  }
}

async function attemptTranscription(
  { endpoint, wav, fields, apiKey }: TranscriptionRequest,
  limits: TranscriptionLimits,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const boundary = `parley-${randomBytes(12).toString('hex')}`;
  const where = endpoint.origin + endpoint.pathname;
  try {
    const response = await request(endpoint, {
      method: 'POST',
      signal: both,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        accept: 'application/json',
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
      },
      body: multipartBody(boundary, wav, fields),
    });
    const { statusCode, headers } = response;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxResponseBytes) {
      response.body.destroy();
      throw new RemoteRecognizerError(
        `the transcription server at ${where} answered with ${declared} bytes, more than the limit of ${limits.maxResponseBytes}`,
        { upstreamStatus: statusCode },
      );
    }
    const text = await readLimited(response.body, limits.maxResponseBytes, where);
    if (statusCode < 200 || statusCode >= 300) throw statusError(statusCode, headers, text, where);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RemoteRecognizerError(
        `the transcription server at ${where} answered with something that is not JSON: ${excerpt(text)}`,
        { upstreamStatus: statusCode },
      );
    }
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted)
      throw new TimeoutError(`the transcription server at ${where} took longer than ${limits.timeoutMs} ms`, {
        cause: error,
      });
    const reason = error instanceof Error ? error.message : String(error);
    throw new RemoteRecognizerError(`the transcription server at ${where} could not be reached (${reason})`, {
      cause: error,
      retryable: true,
    });
  }
}

function statusError(
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  where: string,
): RemoteRecognizerError {
  const message = `the transcription server at ${where} answered HTTP ${statusCode}: ${excerpt(text)}`;
  if (statusCode === 429 || statusCode === 503) {
    const after = Number(headers['retry-after']);
    const waitMs = Number.isFinite(after) && after >= 0 ? Math.min(after * 1000, MAX_RETRY_AFTER_MS) : 1000;
    return new RetryLater(message, waitMs, statusCode);
  }
  return new RemoteRecognizerError(message, { upstreamStatus: statusCode, retryable: statusCode >= 500 });
}

/** Reads a response body as UTF-8, failing once it passes `maxBytes`. */
async function readLimited(
  body: AsyncIterable<Uint8Array> & { destroy(): void },
  maxBytes: number,
  where: string,
) {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body) {
    size += part.length;
    if (size > maxBytes) {
      body.destroy();
      throw new RemoteRecognizerError(
        `the transcription server at ${where} answered with more than the limit of ${maxBytes} bytes`,
      );
    }
    parts.push(part);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The start of a server's answer, for an error message (it may be HTML or a stack trace). */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}

/** A multipart/form-data body: the fields, then the audio as `file`. */
function multipartBody(
  boundary: string,
  wav: Uint8Array,
  fields: Record<string, string | readonly string[]>,
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const one of typeof value === 'string' ? [value] : value) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${one}\r\n`,
          'utf8',
        ),
      );
    }
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="audio.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
      'utf8',
    ),
    Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  );
  return Buffer.concat(parts);
}

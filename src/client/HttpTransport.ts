import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { type Dispatcher, request as undiciRequest } from 'undici';
import type { z } from 'zod';
import { AbortError } from '../errors/AbortError.ts';
import { ConnectionError } from '../errors/ConnectionError.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { RateLimitError } from '../errors/RateLimitError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import type { AccessTokens } from './AccessTokens.ts';
import type { ApiRequest } from './ApiRequest.ts';
import { errorFromResponse } from './errorFromResponse.ts';
import { parseResponse } from './parseResponse.ts';
import { type RetryPolicy, retryDelayMs } from './RetryPolicy.ts';
import { sleep } from './sleep.ts';

/** Where requests go right now: a base URL, its tokens, and a lease to give back when done. */
export interface Endpoint {
  baseUrl: string;
  /** Undefined for unauthenticated targets. */
  tokens: AccessTokens | undefined;
  /** Ends this request's use of the endpoint (lets an idle embedded engine shut down). */
  release(): void;
}

/** See {@link HttpTransport.lease}. */
export interface ClientLease {
  baseUrl: string;
  accessToken: string;
  release(): void;
}

/** How an {@link HttpTransport} reaches its server. */
export interface HttpTransportOptions {
  /** Resolves the target per request (the embedded engine starts on first use). */
  endpoint(signal: AbortSignal): Promise<Endpoint>;
  /** undici dispatcher with keep-alive (one per client). */
  dispatcher: Dispatcher;
  /** Per-attempt timeout for headers and for body inactivity, JSON requests. */
  timeoutMs: number;
  /** Per-attempt timeout for media uploads. */
  uploadTimeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
  /** Holds the endpoint open between requests (embedded engine); default: nothing to hold. */
  retain?: () => () => void;
}

/**
 * Sends API requests over undici and turns each into a cold Observable of the zod-parsed answer:
 * every subscription makes the request (retrying per the policy), unsubscribing aborts it, and
 * failures arrive as typed errors ({@link errorFromResponse}; ConnectionError and TimeoutError for
 * transport failures; ProtocolError when a 2xx body breaks the contract).
 */
export class HttpTransport {
  readonly #options: HttpTransportOptions;

  constructor(options: HttpTransportOptions) {
    this.#options = options;
  }

  /** Keeps the endpoint up until the returned function is called (see {@link HttpTransportOptions.retain}). */
  retain(): () => void {
    return this.#options.retain?.() ?? (() => {});
  }

  /**
   * The base URL and a valid access token right now, for transports this class does not wrap
   * (the streaming WebSocket). The endpoint stays up (the embedded engine does not idle out)
   * until `release()`.
   */
  async lease(signal: AbortSignal = new AbortController().signal): Promise<ClientLease> {
    const endpoint = await this.#options.endpoint(signal);
    try {
      const accessToken = (await endpoint.tokens?.token(signal)) ?? '';
      return { baseUrl: endpoint.baseUrl, accessToken, release: () => endpoint.release() };
    } catch (error) {
      endpoint.release();
      throw error;
    }
  }

  /** The answer to `request`, parsed with `schema` (`subject` names it in errors). */
  request<S extends z.ZodType>(request: ApiRequest, schema: S, subject: string): Observable<z.output<S>> {
    return new Observable<z.output<S>>((subscriber) => {
      const controller = new AbortController();
      this.send(request, controller.signal).then(
        (body) => {
          let value: z.output<S>;
          try {
            value = parseResponse(schema, body, subject);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => controller.abort(new AbortError(`${request.method} ${request.path} was cancelled.`));
    });
  }

  /** Sends `request` with retries; resolves to the parsed JSON body (undefined when empty). */
  async send(request: ApiRequest, signal: AbortSignal): Promise<unknown> {
    const policy = this.#options.retry;
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const replayable = request.upload?.replayable ?? true;
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(request, signal);
      } catch (error) {
        if (signal.aborted) throw error instanceof AbortError ? error : abortError(request, signal);
        if (!(error instanceof ParleyError)) throw error;
        if (error instanceof TokenRejected && !refreshedToken && replayable) {
          refreshedToken = true;
          continue;
        }
        const status = error.status;
        const retryableKind =
          error.retryable &&
          (status === undefined || policy.statusCodes.includes(status)) &&
          (idempotent || status === 429);
        const retryAfterMs = error instanceof RateLimitError ? error.retryAfterMs : undefined;
        if (
          !retryableKind ||
          !replayable ||
          attempt >= policy.maxRetries ||
          (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs)
        ) {
          throw error instanceof TokenRejected ? error.original : error;
        }
        await sleep(retryDelayMs(policy, attempt + 1, retryAfterMs), signal);
      }
    }
  }

  async #attempt(request: ApiRequest, signal: AbortSignal): Promise<unknown> {
    const endpoint = await this.#options.endpoint(signal);
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': this.#options.userAgent,
      };
      const authenticated = request.authenticated ?? true;
      const token = authenticated ? await endpoint.tokens?.token(signal) : undefined;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let body: string | Buffer | Readable | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.upload !== undefined) {
        body = request.upload.open();
        if (request.contentType) headers['content-type'] = request.contentType;
        if (request.upload.length !== undefined) headers['content-length'] = String(request.upload.length);
      }
      const query = request.query?.toString();
      const url = `${endpoint.baseUrl}${request.path}${query ? `?${query}` : ''}`;
      const timeout =
        request.timeoutMs ??
        (request.upload === undefined ? this.#options.timeoutMs : this.#options.uploadTimeoutMs);
      const label = `${request.method} ${request.path}`;
      let response: Dispatcher.ResponseData;
      let text: string;
      try {
        response = await undiciRequest(url, {
          method: request.method,
          headers,
          body: body ?? null,
          signal,
          dispatcher: this.#options.dispatcher,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
        text = await response.body.text();
      } catch (error) {
        if (typeof body === 'object' && 'destroy' in body) body.destroy();
        throw transportError(error, label, endpoint.baseUrl, signal);
      }
      if (response.statusCode >= 200 && response.statusCode < 300) {
        if (text.trim() === '') return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          throw new ProtocolError(`${label} answered ${response.statusCode} with a body that is not JSON.`, {
            cause: error,
          });
        }
      }
      const failure = errorFromResponse({
        status: response.statusCode,
        text,
        headers: response.headers,
        request: label,
      });
      if (response.statusCode === 401 && token !== undefined && endpoint.tokens?.canRefresh) {
        endpoint.tokens.invalidate(token);
        throw new TokenRejected(failure);
      }
      throw failure;
    } finally {
      endpoint.release();
    }
  }
}

/** A 401 on a cached token: refreshed and retried once before the caller sees `original`. */
class TokenRejected extends ParleyError {
  readonly original: ParleyError;
  constructor(original: ParleyError) {
    super(original.code, original.message, { status: 401, retryable: false });
    this.original = original;
  }
}

function abortError(request: ApiRequest, signal: AbortSignal): AbortError {
  return signal.reason instanceof AbortError
    ? signal.reason
    : new AbortError(`${request.method} ${request.path} was cancelled.`, { cause: signal.reason });
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** undici and socket failures as Parley errors; the caller's own errors pass through. */
function transportError(error: unknown, label: string, baseUrl: string, signal: AbortSignal): ParleyError {
  if (error instanceof ParleyError) return error;
  if (signal.aborted) return new AbortError(`${label} was cancelled.`, { cause: error });
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new TimeoutError(`${label} timed out (${code}).`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ConnectionError(
    `${label} to ${baseUrl} failed: ${detail}${typeof code === 'string' ? ` (${code})` : ''}`,
    {
      cause: error,
    },
  );
}

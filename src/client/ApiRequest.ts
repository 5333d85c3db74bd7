import type { Readable } from 'node:stream';

/** The HTTP methods the Symbl API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A raw request body (media uploads). `open` is called once per attempt; a body that cannot be
 * produced twice (a caller's Readable) says so with `replayable: false` and is never retried.
 */
export interface UploadBody {
  open(): Readable | Buffer;
  /** Byte length when known (sent as Content-Length; otherwise chunked). */
  length?: number;
  replayable: boolean;
}

/** One API call, before the base URL and token are known. */
export interface ApiRequest {
  method: HttpMethod;
  /** Path under the base URL, e.g. `/v1/conversations/123/messages`. */
  path: string;
  query?: URLSearchParams | undefined;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (media). */
  upload?: UploadBody;
  /** Content-Type of a raw body; none is sent when undefined. */
  contentType?: string;
  /**
   * Whether repeating the call is harmless, so 5xx answers and dropped connections may be retried.
   * Default: true for GET, PUT and DELETE, false for POST. Job submissions set it to false.
   */
  idempotent?: boolean | undefined;
  /** Default true; the token endpoint itself is called without a token. */
  authenticated?: boolean;
  /** Per-attempt timeout, overriding the client's. */
  timeoutMs?: number;
}

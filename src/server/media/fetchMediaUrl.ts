import { request } from 'undici';
import { ParleyError } from '../../errors/ParleyError.ts';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import { type StoredMedia, storeMediaStream } from './storeMediaStream.ts';

/** Limits on fetching a client's media URL. */
export interface MediaFetchLimits {
  /** Largest file accepted. */
  maxBytes: number;
  /** Whole download, headers to last byte. */
  timeoutMs: number;
  /** Redirects followed before giving up. */
  maxRedirects: number;
}

/**
 * Downloads `url` into `dir` with undici, streamed to disk under the size, time and redirect
 * limits. Every way the URL can be unusable (unreachable, non-2xx, too many redirects, too
 * slow, too large, not media) is a ParleyError with a 4xx status naming it, never a crash.
 */
export async function fetchMediaUrl(
  url: string,
  dir: string,
  limits: MediaFetchLimits,
): Promise<StoredMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let target = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await request(target, {
        method: 'GET',
        signal,
        headersTimeout: limits.timeoutMs,
        bodyTimeout: limits.timeoutMs,
      });
      const { statusCode, headers, body } = response;
      if (statusCode >= 300 && statusCode < 400 && typeof headers.location === 'string') {
        body.resume();
        if (redirects >= limits.maxRedirects) {
          throw unusable(url, `it redirects more than ${limits.maxRedirects} times`);
        }
        target = new URL(headers.location, target).href;
        continue;
      }
      if (statusCode < 200 || statusCode >= 300) {
        body.resume();
        throw unusable(url, `the server answered HTTP ${statusCode}`);
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        body.resume();
        throw tooLarge(url, limits.maxBytes);
      }
      try {
        return await storeMediaStream(body, dir, limits.maxBytes, `The file at ${url}`);
      } catch (error) {
        body.destroy();
        if (error instanceof UnsupportedMediaError) throw unusable(url, error.message);
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    if (signal.aborted) throw unusable(url, `the download took longer than ${limits.timeoutMs} ms`);
    const reason = error instanceof Error ? error.message : String(error);
    throw unusable(url, `it could not be fetched (${reason})`);
  }
}

function unusable(url: string, why: string): UnsupportedMediaError {
  return new UnsupportedMediaError(`url: ${url} is not usable media: ${why}.`);
}

function tooLarge(url: string, maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The file at ${url} is larger than the limit of ${maxBytes} bytes.`);
}

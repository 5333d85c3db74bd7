import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import type { OutboundPolicy } from '../outbound/OutboundPolicy.ts';
import { requestFollowingRedirects } from '../outbound/requestFollowingRedirects.ts';
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
 * The media of a URL could not be fetched. Its message is the same whatever went wrong (closed
 * address, unreachable, refused, non-2xx, too many redirects, too slow, too large, not media), so
 * the endpoint tells a caller nothing about what sits behind the URL; `reason` (also the `cause`)
 * says what it was, for the server's log.
 */
export class MediaFetchError extends UnsupportedMediaError {
  readonly reason: string;

  constructor(limits: MediaFetchLimits, cause: unknown) {
    super(
      'url: the media at this URL could not be fetched. It must be a public http(s) URL of an ' +
        `audio or video file of at most ${limits.maxBytes} bytes that downloads within ` +
        `${Math.round(limits.timeoutMs / 1000)} s, with at most ${limits.maxRedirects} redirects.`,
      { cause },
    );
    this.reason = cause instanceof Error ? cause.message : String(cause);
  }
}

/**
 * Downloads `url` into `dir` through the outbound policy (every hop's address checked), streamed
 * to disk under the size, time and redirect limits.
 * @throws MediaFetchError whatever went wrong; nothing is left on disk.
 */
export async function fetchMediaUrl(
  url: string,
  dir: string,
  limits: MediaFetchLimits,
  policy: OutboundPolicy,
): Promise<StoredMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const { statusCode, headers, body } = await requestFollowingRedirects(policy, url, {
      maxRedirects: limits.maxRedirects,
      signal,
      timeoutMs: limits.timeoutMs,
    });
    if (statusCode < 200 || statusCode >= 300) {
      body.resume();
      throw new Error(`the server answered HTTP ${statusCode}`);
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      body.destroy();
      throw new Error(`it declares ${declared} bytes`);
    }
    try {
      return await storeMediaStream(body, dir, limits.maxBytes, 'The file');
    } catch (error) {
      body.destroy();
      throw error;
    }
  } catch (error) {
    throw new MediaFetchError(
      limits,
      signal.aborted ? new Error(`the download took longer than ${limits.timeoutMs} ms`) : error,
    );
  }
}

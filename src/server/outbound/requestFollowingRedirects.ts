import { type Dispatcher, request } from 'undici';
import { type OutboundPolicy, OutboundRefusal } from './OutboundPolicy.ts';

/** Options of {@link requestFollowingRedirects}. */
export interface RedirectingRequestOptions {
  /** Redirects followed before giving up. */
  maxRedirects: number;
  /** Aborts the whole exchange (every hop). */
  signal: AbortSignal;
  /** Per-hop header and body timeouts. */
  timeoutMs: number;
}

/**
 * GETs `url` through the policy's dispatcher, following redirects itself so that every hop is an
 * http(s) URL whose host is resolved and checked again (a public page that redirects to loopback
 * is refused at the redirect). Returns the first response that is not a redirect; its body is the
 * caller's to read or discard.
 * @throws OutboundRefusal for a closed address, a scheme other than http(s), or too many redirects.
 */
export async function requestFollowingRedirects(
  policy: OutboundPolicy,
  url: string,
  options: RedirectingRequestOptions,
): Promise<Dispatcher.ResponseData> {
  let target = checkedUrl(url);
  for (let redirects = 0; ; redirects++) {
    const response = await request(target, {
      method: 'GET',
      dispatcher: policy.dispatcher,
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const location = response.headers.location;
    if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string')
      return response;
    response.body.resume();
    if (redirects >= options.maxRedirects)
      throw new OutboundRefusal(`more than ${options.maxRedirects} redirects`);
    target = checkedUrl(new URL(location, target).href);
  }
}

/** @throws OutboundRefusal unless `url` is an absolute http(s) URL. */
function checkedUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefusal(`${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new OutboundRefusal(`${parsed.protocol} is not http(s)`);
  return parsed;
}

import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from: the peer's, or, when the server sits behind a proxy it trusts,
 * the last `X-Forwarded-For` entry (the one that proxy appended; earlier ones are the client's
 * own claims).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const text = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = text?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

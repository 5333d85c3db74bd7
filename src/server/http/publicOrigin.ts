import type { IncomingMessage } from 'node:http';

/** A Host header value that is a plain host: a name or an IP literal, and maybe a port. */
export const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** What {@link publicOrigin} derives the server's public origin from. */
export interface PublicOriginSettings {
  /** The configured public URL (`--public-url`), without a trailing slash. */
  publicUrl: string | undefined;
  /** The server sits behind a reverse proxy it trusts (`--trust-proxy`). */
  trustProxy: boolean;
  /** The URL of the address the server listens on (its host name for a wildcard address). */
  listeningUrl: string;
}

/**
 * The base URL (`http(s)://host[:port]`, or the public URL with its path) of the server as its
 * clients reach it, for URLs it hands out that are followed later, some by third parties (a
 * call's event and result-socket URLs, the summary link in a call's emails): the configured
 * public URL; else, behind a proxy the server trusts, the scheme and host that proxy forwarded
 * (the last `X-Forwarded-Proto` and `X-Forwarded-Host` entries, or `Host`); else the address the
 * server listens on. Without a trusted proxy a request's own `Host` and `X-Forwarded-*` headers
 * are the client's claims, and a forged one would make the server hand out links to another
 * site.
 */
export function publicOrigin(req: IncomingMessage, settings: PublicOriginSettings): string {
  if (settings.publicUrl !== undefined) return settings.publicUrl;
  return (settings.trustProxy ? forwardedOrigin(req) : undefined) ?? settings.listeningUrl;
}

/**
 * The scheme and host a reverse proxy forwarded the request for (the last `X-Forwarded-Proto`
 * and `X-Forwarded-Host` entries, or `Host`); undefined when that host is not a plain host.
 * Only meaningful when the proxy in front is trusted: otherwise these are the client's claims.
 */
export function forwardedOrigin(req: IncomingMessage): string | undefined {
  const proto = lastEntry(req.headers['x-forwarded-proto'])?.toLowerCase();
  const host = lastEntry(req.headers['x-forwarded-host']) ?? req.headers.host;
  if (host === undefined || !PLAIN_HOST.test(host)) return undefined;
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

/** The last comma-separated entry of a header: the one the nearest proxy set. */
function lastEntry(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  const last = text?.split(',').at(-1)?.trim();
  return last === '' ? undefined : last;
}

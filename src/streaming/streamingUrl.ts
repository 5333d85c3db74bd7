import { z } from 'zod';
import { ValidationError } from '../errors/ValidationError.ts';
import { ConnectionId } from '../model/streamingClientMessages.ts';

/**
 * Which of the two equivalent streaming paths to use: the current `/v1/streaming/` or the legacy
 * `/v1/realtime/insights/`, which servers still accept.
 */
export const StreamingPath = z.enum(['streaming', 'realtime']);
export type StreamingPath = z.infer<typeof StreamingPath>;

/**
 * The WebSocket URL of a streaming session: `ws(s)://host/v1/streaming/{connectionId}` (or the
 * legacy `/v1/realtime/insights/{connectionId}`), from an `http(s)` or `ws(s)` base URL. With
 * `token`, the token rides in the `access_token` query parameter as every Symbl SDK sends it;
 * `query` adds more parameters (Parley's `resumeKey`, `lastSeq`).
 */
export function streamingUrl(
  baseUrl: string,
  connectionId: string,
  options: {
    path?: StreamingPath | undefined;
    token?: string | undefined;
    query?: Record<string, string>;
  } = {},
): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError('streaming options', [
      {
        path: 'baseUrl',
        message: `must be an absolute http(s) or ws(s) URL, got ${JSON.stringify(baseUrl)}`,
      },
    ]);
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
  if (scheme === undefined) {
    throw new ValidationError('streaming options', [
      { path: 'baseUrl', message: `must use http, https, ws or wss, got ${url.protocol}` },
    ]);
  }
  if (!ConnectionId.safeParse(connectionId).success) {
    throw new ValidationError('streaming options', [
      {
        path: 'connectionId',
        message: `must be 1-128 of [A-Za-z0-9._~=+-], got ${JSON.stringify(connectionId)}`,
      },
    ]);
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  const route = options.path === 'realtime' ? 'v1/realtime/insights' : 'v1/streaming';
  const target = new URL(`${scheme}//${url.host}${prefix}/${route}/${encodeURIComponent(connectionId)}`);
  if (options.token !== undefined) target.searchParams.set('access_token', options.token);
  for (const [key, value] of Object.entries(options.query ?? {})) target.searchParams.set(key, value);
  return target.toString();
}

/** `url` fit for an error message or a log: the `access_token` query parameter hidden. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.searchParams.has('access_token')) u.searchParams.set('access_token', '***');
  return u.toString();
}

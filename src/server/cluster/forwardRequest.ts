import type { IncomingMessage } from 'node:http';
import { request } from 'undici';
import type { Reply } from '../http/Route.ts';
import { FORWARDED_BY_HEADER, type ForwardMark } from './ForwardMark.ts';

/** How long the holder may take to answer (a telephony stop waits for the call to hang up). */
const FORWARD_TIMEOUT_MS = 60_000;
/** Headers that carry what the holder needs: who is asking, and where the client reached us. */
const PASSED_HEADERS = ['authorization', 'x-api-key', 'host', 'x-forwarded-proto', 'user-agent'] as const;

/**
 * Sends a JSON request that names a live session held by another node to that node, and returns
 * its answer as this node's: the same path and credentials, the body already read here, and the
 * original `Host` (the holder builds its answer's URLs from it). An unreachable holder is a 502.
 */
export async function forwardRequest(
  req: IncomingMessage,
  body: unknown,
  targetUrl: string,
  mark: ForwardMark,
): Promise<Reply> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [FORWARDED_BY_HEADER]: mark.header(),
  };
  for (const name of PASSED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(new URL(req.url ?? '/', targetUrl), {
      method: (req.method ?? 'POST') as 'POST',
      headers,
      body: JSON.stringify(body),
      headersTimeout: FORWARD_TIMEOUT_MS,
      bodyTimeout: FORWARD_TIMEOUT_MS,
    });
  } catch {
    return { status: 502, body: { message: 'The node holding this session cannot be reached.' } };
  }
  const text = await response.body.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = { message: text };
  }
  return { status: response.statusCode, body: parsed };
}

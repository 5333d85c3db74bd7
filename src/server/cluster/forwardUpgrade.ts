import { type IncomingMessage, request } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuseUpgrade } from '../http/refuseUpgrade.ts';
import { FORWARDED_BY_HEADER, type ForwardMark } from './ForwardMark.ts';

/** How long the holder may take to answer the forwarded handshake. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Hands a WebSocket upgrade to the node holding its session: the same request (path, query,
 * headers, credentials) goes to `targetUrl`, and its answer comes back as the holder gave it; a
 * 101 joins the two sockets byte for byte, so frames, pings and close codes pass unchanged both
 * ways and either side closing closes the other. An unreachable holder is a 502.
 */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  targetUrl: string,
  mark: ForwardMark,
): void {
  const target = new URL(req.url ?? '/', targetUrl);
  const outgoing = request(target, {
    method: req.method ?? 'GET',
    headers: { ...req.headers, [FORWARDED_BY_HEADER]: mark.header() },
    timeout: HANDSHAKE_TIMEOUT_MS,
  });
  let answered = false;
  outgoing.on('upgrade', (response, upstream, upstreamHead) => {
    answered = true;
    // The handshake timeout was for the answer; a joined socket may be quiet for long.
    upstream.setTimeout(0);
    if (socket.destroyed) {
      upstream.destroy();
      return;
    }
    socket.write(responseHead(response));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstream.write(head);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  // The holder refused (401, 404, 503...): its answer is the client's answer.
  outgoing.on('response', (response) => {
    answered = true;
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      if (socket.destroyed) return;
      const body = Buffer.concat(chunks);
      socket.end(
        Buffer.concat([
          Buffer.from(responseHead(response, { 'content-length': String(body.length), connection: 'close' })),
          body,
        ]),
      );
    });
    response.on('error', () => socket.destroy());
  });
  outgoing.on('timeout', () => outgoing.destroy(new Error('the holder did not answer the handshake')));
  outgoing.on('error', () => {
    if (!socket.destroyed) refuseUpgrade(socket, 502, 'The node holding this session cannot be reached');
  });
  socket.on('close', () => {
    if (!answered) outgoing.destroy();
  });
  outgoing.end();
}

/** The status line and headers of `response`, as raw HTTP, `replace` overriding some headers. */
function responseHead(response: IncomingMessage, replace: Record<string, string> = {}): string {
  const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage ?? ''}`];
  const replaced = new Set(Object.keys(replace));
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (replaced.has(name.toLowerCase()) || name.toLowerCase() === 'transfer-encoding') continue;
    lines.push(`${name}: ${raw[i + 1]}`);
  }
  for (const [name, value] of Object.entries(replace)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

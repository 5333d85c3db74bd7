import type { ServerResponse } from 'node:http';
import type { Reply } from './Route.ts';

/**
 * Writes a reply: JSON by default (ids stay strings because handlers build bodies from string
 * ids), or the reply's raw bytes or stream. A stream that fails midway ends the response early,
 * which the client sees as a truncated body; a client that goes away destroys the stream.
 */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const { raw } = reply;
  if (typeof raw === 'function') {
    res.writeHead(reply.status, reply.headers);
    const stream = raw();
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
    return;
  }
  const bytes = raw ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(raw === undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(bytes),
    ...reply.headers,
  });
  res.end(bytes);
}

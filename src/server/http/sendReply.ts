import type { ServerResponse } from 'node:http';
import type { Reply } from './Route.ts';
import { StreamedBody } from './StreamedBody.ts';

/**
 * Writes a reply: JSON by default (ids stay strings because handlers build bodies from string
 * ids), or the reply's raw bytes or stream. A {@link StreamedBody} is written piece by piece
 * (chunked), waiting for the socket to drain whenever its buffer is full, and stops early when the
 * client has gone. A raw stream that fails midway ends the response early, which the client sees
 * as a truncated body; a client that goes away destroys the stream.
 */
export async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
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
  if (raw === undefined && reply.body instanceof StreamedBody) {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    for await (const piece of reply.body.pieces) {
      if (res.destroyed) break;
      if (!res.write(piece)) await drained(res);
    }
    res.end();
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

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

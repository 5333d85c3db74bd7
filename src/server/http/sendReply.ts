import type { ServerResponse } from 'node:http';
import type { Reply } from './Route.ts';
import { StreamedBody } from './StreamedBody.ts';

/**
 * Writes a JSON reply; ids stay strings because handlers build bodies from string ids. A
 * {@link StreamedBody} is written piece by piece (chunked), waiting for the socket to drain
 * whenever its buffer is full, and stops early when the client has gone.
 */
export async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (reply.body instanceof StreamedBody) {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    for await (const piece of reply.body.pieces) {
      if (res.destroyed) break;
      if (!res.write(piece)) await drained(res);
    }
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
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

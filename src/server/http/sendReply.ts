import type { ServerResponse } from 'node:http';
import type { Reply } from './Route.ts';

/** Writes a JSON reply; ids stay strings because handlers build bodies from string ids. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) {
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

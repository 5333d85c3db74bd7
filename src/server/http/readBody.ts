import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';

/**
 * Reads the whole request body, refusing (before reading, when `Content-Length` says so) anything
 * larger than `limitBytes`.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body is larger than the limit of ${limitBytes} bytes.`);
}

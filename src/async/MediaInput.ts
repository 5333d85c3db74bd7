import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { UploadBody } from '../client/ApiRequest.ts';
import { NotFoundError } from '../errors/NotFoundError.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/**
 * Media to upload: a file path (or `file:` URL), a Buffer, or a Readable. Paths and Buffers are
 * sent with their length and can be retried; a Readable is streamed as it comes (chunked) and,
 * since it cannot be replayed, is sent once.
 */
export type MediaInput = string | URL | Buffer | Uint8Array | Readable;

/** The upload body for `input`; a path must name a readable, non-empty file. */
export async function uploadBodyOf(input: MediaInput): Promise<UploadBody> {
  if (input instanceof Readable) {
    let opened = false;
    return {
      replayable: false,
      open() {
        if (opened)
          throw new ValidationError('media', [{ path: '', message: 'a stream can be sent only once' }]);
        opened = true;
        return input;
      },
    };
  }
  if (input instanceof Uint8Array) {
    const buffer = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (buffer.length === 0)
      throw new ValidationError('media', [{ path: '', message: 'the buffer is empty' }]);
    return { replayable: true, length: buffer.length, open: () => buffer };
  }
  const path = input instanceof URL ? fileURLToPath(input) : input;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new NotFoundError(
      `Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      {
        cause: error,
      },
    );
  });
  if (!info.isFile()) throw new ValidationError('media', [{ path: '', message: `${path} is not a file` }]);
  if (info.size === 0) throw new ValidationError('media', [{ path: '', message: `${path} is empty` }]);
  return { replayable: true, length: info.size, open: () => createReadStream(path) };
}

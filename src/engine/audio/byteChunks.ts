import { createReadStream } from 'node:fs';
import type { AudioInput } from './AudioInput.ts';

/** Size of the pieces in-memory input is cut into, so it flows like a stream. */
const SLICE_BYTES = 64 * 1024;

/** Reads any AudioInput as a stream of byte chunks, without loading files whole. */
export async function* byteChunks(input: AudioInput): AsyncGenerator<Buffer> {
  if (typeof input === 'string') {
    yield* byteChunks(createReadStream(input, { highWaterMark: SLICE_BYTES }));
    return;
  }
  if (input instanceof Uint8Array) {
    for (let at = 0; at < input.length; at += SLICE_BYTES) {
      const piece = input.subarray(at, at + SLICE_BYTES);
      yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    }
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk);
    else if (chunk.length > 0) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

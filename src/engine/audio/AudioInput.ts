import type { Readable } from 'node:stream';

/** Audio or video as users hand it over: bytes in memory, a file path, or a byte stream. */
export type AudioInput = Buffer | Uint8Array | string | Readable | AsyncIterable<Uint8Array>;

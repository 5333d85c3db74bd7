import type { RawData } from 'ws';

/** A `ws` message (one buffer, fragments, or an ArrayBuffer) as one Buffer. */
export function wsBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A `ws` text message as a string. */
export function wsText(data: RawData): string {
  return wsBytes(data).toString('utf8');
}

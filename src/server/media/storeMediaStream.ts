import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { detectAudioFormat, FORMAT_SNIFF_BYTES } from '../../engine/audio/detectAudioFormat.ts';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';

/** A media file kept under the data dir until its job ends. */
export interface StoredMedia {
  path: string;
  bytes: number;
}

/**
 * Suffix of a media file still being written: `<pid>.<host tag>-<uuid>.part` (see
 * `sweepOrphanMedia`). The host tag tells whose pid it is when nodes of several machines share
 * the directory.
 */
export const PARTIAL_MEDIA_SUFFIX = '.part';
/** This machine in partial file names: a short hash of its hostname. */
export const MEDIA_HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** Suffix of a complete media file, waiting for its job: `<uuid>.media`. */
export const MEDIA_SUFFIX = '.media';

/**
 * Streams media bytes to a new file under `dir`, never holding more than a chunk in memory.
 * The first bytes are checked to be audio or video (the decoder still decides later), so an
 * empty or non-media body is refused with a clear 400 before a job exists; more than
 * `limitBytes` is a 413. The file is written as `<pid>.<host tag>-<uuid>.part` and renamed to `<uuid>.media`
 * once complete, so a file left by a process that died mid-upload is known for what it is.
 * Nothing is left on disk when it throws.
 */
export async function storeMediaStream(
  source: Readable | AsyncIterable<Uint8Array>,
  dir: string,
  limitBytes: number,
  what = 'Request body',
): Promise<StoredMedia> {
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const partial = join(dir, `${process.pid}.${MEDIA_HOST_TAG}-${id}${PARTIAL_MEDIA_SUFFIX}`);
  const path = join(dir, `${id}${MEDIA_SUFFIX}`);
  let bytes = 0;
  let head = Buffer.alloc(0);
  let checked = false;
  async function* guarded(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      bytes += buffer.length;
      if (bytes > limitBytes) {
        throw new PayloadTooLargeError(`${what} is larger than the limit of ${limitBytes} bytes.`);
      }
      if (!checked) {
        head = Buffer.concat([head, buffer]);
        if (head.length >= FORMAT_SNIFF_BYTES) {
          detectAudioFormat(head);
          checked = true;
        }
      }
      yield buffer;
    }
    if (!checked) detectAudioFormat(head);
  }
  const file = createWriteStream(partial);
  try {
    await pipeline(guarded, file);
    await rename(partial, path);
  } catch (error) {
    // The file may still be opening when the source fails; removing it before the stream has
    // closed would let the late open recreate it.
    file.destroy();
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await rm(partial, { force: true });
    throw error;
  }
  return { path, bytes };
}

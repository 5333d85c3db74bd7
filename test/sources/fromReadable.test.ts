import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { BehaviorSubject, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../sources/AudioChunk.ts';
import { fromReadable } from '../../sources/fromReadable.ts';
import { AudioSourceError } from '../../src/errors/AudioSourceError.ts';
import { BufferOverflowError } from '../../src/errors/BufferOverflowError.ts';
import { ConflictError } from '../../src/errors/ConflictError.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const bytesOf = (chunks: AudioChunk[]) => Buffer.concat(chunks.map((c) => c.data));

/** An endless readable producing `size`-byte chunks on demand, counting what it produced. */
function endless(size = 4096): Readable & { produced: number } {
  const stream = new Readable({
    read() {
      stream.produced += size;
      this.push(Buffer.alloc(size, stream.produced & 0xff));
    },
  }) as Readable & { produced: number };
  stream.produced = 0;
  return stream;
}

describe('fromReadable', () => {
  it('cuts chunks on whole sample frames whatever the stream delivers, and drops a trailing partial frame', async () => {
    const stream = new PassThrough();
    const format = { sampleRate: 8000, channels: 2, encoding: 's16le' as const };
    const result = lastValueFrom(fromReadable(stream, { format }).pipe(toArray()));
    const bytes = Buffer.from(Array.from({ length: 103 }, (_, i) => i));
    for (const [from, to] of [
      [0, 1],
      [1, 7],
      [7, 8],
      [8, 60],
      [60, 103],
    ])
      stream.write(bytes.subarray(from, to));
    stream.end();
    const chunks = await result;
    chunks.forEach((c) => {
      expect(c.data.length % 4).toBe(0);
      expect(c.format).toEqual(format);
    });
    expect(bytesOf(chunks)).toEqual(bytes.subarray(0, 100));
  });

  it('is cold with a factory (one stream per subscription) and refuses a second subscription to an instance', async () => {
    let made = 0;
    const audio$ = fromReadable(() => {
      made += 1;
      return Readable.from([Buffer.alloc(320, made)]);
    });
    const [a, b] = await Promise.all([
      lastValueFrom(audio$.pipe(toArray())),
      lastValueFrom(audio$.pipe(toArray())),
    ]);
    expect(made).toBe(2);
    expect(a[0]?.data[0]).not.toBe(b[0]?.data[0]);
    const once = fromReadable(Readable.from([Buffer.alloc(2)]));
    await lastValueFrom(once);
    await expect(lastValueFrom(once)).rejects.toBeInstanceOf(ConflictError);
  });

  it('destroys the stream on unsubscribe even when it never produced anything', async () => {
    const silent = new PassThrough();
    const subscription = fromReadable(silent).subscribe();
    await tick();
    subscription.unsubscribe();
    expect(silent.destroyed).toBe(true);
  });

  it('turns stream errors into typed errors, after delivering the audio that came before', async () => {
    const stream = new PassThrough();
    const received: AudioChunk[] = [];
    const done = new Promise<unknown>((resolve) =>
      fromReadable(stream, { name: 'test feed' }).subscribe({
        next: (c) => received.push(c),
        error: resolve,
      }),
    );
    stream.write(Buffer.alloc(64));
    stream.destroy(new Error('disk on fire'));
    const error = await done;
    expect(error).toBeInstanceOf(AudioSourceError);
    expect((error as Error).message).toBe('test feed failed: disk on fire');
    expect(bytesOf(received).length).toBe(64);
    await expect(lastValueFrom(fromReadable(createReadStream('/no/such/file.raw')))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('errors when the stream closes without ending, or was destroyed before the subscription', async () => {
    const stream = new PassThrough();
    const result = lastValueFrom(fromReadable(stream));
    stream.destroy();
    await expect(result).rejects.toThrow(/closed before it ended/);
    const dead = new PassThrough();
    dead.destroy();
    await expect(lastValueFrom(fromReadable(dead))).rejects.toThrow(/destroyed before it was read/);
  });

  it('pauses the stream while the consumer signals lag, holding at most the bounded queue', async () => {
    const stream = endless(4096);
    const paused = new BehaviorSubject(true);
    const maxBufferedBytes = 64 * 1024;
    const received: AudioChunk[] = [];
    const subscription = fromReadable(stream, { paused, maxBufferedBytes }).subscribe((c) =>
      received.push(c),
    );
    await tick(50);
    expect(received).toEqual([]);
    // Paused at half the bound; the stream's own read-ahead (16 KiB) comes on top.
    expect(stream.produced).toBeLessThanOrEqual(maxBufferedBytes / 2 + 4096 + 16 * 1024 + 4096);
    paused.next(false);
    while (bytesOf(received).length < 4 * maxBufferedBytes) await tick(1);
    subscription.unsubscribe();
    expect(stream.destroyed).toBe(true);
  });

  it('applies the overflow policy to a stream that ignores pause()', async () => {
    const stubborn = (): PassThrough => {
      const stream = new PassThrough();
      stream.pause = () => stream;
      return stream;
    };
    const paused = new BehaviorSubject(true);
    const failing = stubborn();
    const error = firstValueFrom(fromReadable(failing, { paused, maxBufferedBytes: 1024 })).catch(
      (e: unknown) => e,
    );
    for (let i = 0; i < 5; i += 1) failing.write(Buffer.alloc(400, i));
    expect(await error).toBeInstanceOf(BufferOverflowError);

    const dropping = stubborn();
    const gate = new BehaviorSubject(true);
    const kept = lastValueFrom(
      fromReadable(dropping, { paused: gate, maxBufferedBytes: 1024, overflow: 'drop-oldest' }).pipe(
        take(2),
        toArray(),
      ),
    );
    for (let i = 0; i < 5; i += 1) dropping.write(Buffer.alloc(400, i));
    await tick(10);
    gate.next(false);
    expect((await kept).map((c) => c.data[0])).toEqual([3, 4]);
  });
});

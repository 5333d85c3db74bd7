import { describe, expect, it } from 'vitest';
import { chunkFromInt16 } from '../../sources/AudioChunk.ts';
import { BufferOverflowError } from '../../src/errors/BufferOverflowError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { AudioOutbox } from '../../src/streaming/AudioOutbox.ts';

/** `ms` of mono s16le audio at `sampleRate`. */
const pcm = (ms: number, sampleRate = 16000) =>
  chunkFromInt16(new Int16Array((sampleRate * ms) / 1000), { sampleRate, channels: 1 });
const mulaw = {
  data: Buffer.alloc(800, 0xff),
  format: { sampleRate: 8000, channels: 1, encoding: 'mulaw' as const },
};

describe('AudioOutbox', () => {
  it('knows the format to declare only once audio (or the options) says it, or the audio ended', () => {
    const outbox = new AudioOutbox({ maxQueuedMs: 1000, overflow: 'error' });
    expect(outbox.startFormat).toBeUndefined();
    outbox.add(mulaw);
    expect(outbox.startFormat).toEqual({ encoding: 'MULAW', sampleRateHertz: 8000 });
    const declared = new AudioOutbox({
      maxQueuedMs: 1000,
      overflow: 'error',
      declaredFormat: { encoding: 'LINEAR16', sampleRateHertz: 44100 },
    });
    expect(declared.startFormat).toEqual({ encoding: 'LINEAR16', sampleRateHertz: 44100 });
    const empty = new AudioOutbox({ maxQueuedMs: 1000, overflow: 'error' });
    empty.complete();
    expect(empty.startFormat).toEqual({ encoding: 'LINEAR16', sampleRateHertz: 16000 });
    expect(empty.drained).toBe(true);
  });

  it('places chunks on the millisecond timeline and is drained once complete and taken', () => {
    const outbox = new AudioOutbox({ maxQueuedMs: 1000, overflow: 'error' });
    outbox.add(pcm(100));
    outbox.add(mulaw);
    outbox.complete();
    expect(outbox.drained).toBe(false);
    const first = outbox.next();
    const second = outbox.next();
    expect([first?.startMs, first?.ms, second?.startMs, second?.ms]).toEqual([0, 100, 100, 100]);
    expect(second?.startByte).toBe(-1);
    expect(outbox.drained).toBe(true);
  });

  it('tells the lag listener each change, once', () => {
    const told: boolean[] = [];
    const outbox = new AudioOutbox({
      maxQueuedMs: 400,
      overflow: 'error',
      lag: { next: (v) => told.push(v) },
    });
    for (let i = 0; i < 3; i += 1) {
      outbox.add(pcm(100));
      outbox.signalLag();
    }
    outbox.next();
    outbox.next();
    outbox.signalLag();
    outbox.signalLag();
    expect(told).toEqual([true, false]);
  });

  it('refuses unusable audio and overflow with typed errors, keeping what it holds', () => {
    const outbox = new AudioOutbox({ maxQueuedMs: 150, overflow: 'error' });
    outbox.add(pcm(100));
    expect(() => outbox.add(pcm(100))).toThrow(BufferOverflowError);
    expect(() => outbox.add(chunkFromInt16(new Int16Array(320), { sampleRate: 16000, channels: 2 }))).toThrow(
      ValidationError,
    );
    expect(outbox.next()?.ms).toBe(100);
    expect(outbox.next()).toBeUndefined();
  });
});

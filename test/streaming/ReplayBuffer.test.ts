import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AudioSegment } from '../../src/streaming/AudioSegment.ts';
import { ReplayBuffer } from '../../src/streaming/ReplayBuffer.ts';

/** Consecutive 16 kHz LINEAR16 segments whose bytes are their own session positions (mod 256). */
function segments(sizes: number[]): AudioSegment[] {
  let byte = 0;
  return sizes.map((samples) => {
    const bytes = Buffer.from(Array.from({ length: samples * 2 }, (_, k) => (byte + k) % 256));
    const s = {
      bytes,
      format: { encoding: 'LINEAR16' as const, sampleRateHertz: 16000 },
      startByte: byte,
      startMs: byte / 32,
      ms: bytes.length / 32,
    };
    byte += bytes.length;
    return s;
  });
}

describe('ReplayBuffer', () => {
  it('replays exactly the bytes after the acknowledged one, cut on a sample boundary (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (sizes, acks) => {
          const all = segments(sizes);
          const total = all.reduce((n, s) => n + s.bytes.length, 0);
          const buffer = new ReplayBuffer(1e9);
          for (const s of all) buffer.sent(s);
          let acked = 0;
          for (const a of acks) {
            const byte = (a % (total + 1)) & ~1;
            buffer.ack(byte);
            acked = Math.max(acked, byte);
          }
          const replay = buffer.takeUnacknowledged();
          const bytes = Buffer.concat(replay.map((s) => s.bytes));
          expect(bytes.length).toBe(total - acked);
          expect(replay[0]?.startByte ?? acked).toBe(acked);
          expect([...bytes]).toEqual(Array.from(bytes, (_, k) => (acked + k) % 256));
          expect(buffer.heldMs).toBe(0);
        },
      ),
    );
  });

  it('forgets the oldest audio past its bound and says how much', () => {
    const buffer = new ReplayBuffer(20);
    for (const s of segments([160, 160, 160])) buffer.sent(s); // 10 ms each
    expect(buffer.forgottenMs).toBe(10);
    expect(buffer.takeUnacknowledged().map((s) => s.startByte)).toEqual([320, 640]);
  });

  it('ignores acknowledgements that go back, and segments already acknowledged', () => {
    const [a, b] = segments([100, 100]) as [AudioSegment, AudioSegment];
    const buffer = new ReplayBuffer(1000);
    buffer.ack(250);
    buffer.ack(10);
    expect(buffer.ackedByte).toBe(250);
    buffer.sent(a);
    buffer.sent(b);
    expect(buffer.takeUnacknowledged().map((s) => [s.startByte, s.bytes.length])).toEqual([[250, 150]]);
  });
});

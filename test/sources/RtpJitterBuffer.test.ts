import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RtpPacket } from '../../sources/parseRtpPacket.ts';
import { RtpJitterBuffer, type RtpPlayout, sequenceDelta } from '../../sources/RtpJitterBuffer.ts';

const FRAMES = 160;
const packet = (sequenceNumber: number, index: number, ssrc = 7): RtpPacket => ({
  marker: false,
  payloadType: 0,
  sequenceNumber: sequenceNumber & 0xffff,
  timestamp: (index * FRAMES) >>> 0,
  ssrc,
  csrcs: [],
  payload: Buffer.alloc(FRAMES, index & 0xff),
});
const buffer = (depth = 4): RtpJitterBuffer =>
  new RtpJitterBuffer({ framesOf: (p) => p.payload.length, depth, maxGapFrames: 8000 });
const sequences = (out: RtpPlayout[]): (number | string)[] =>
  out.map((o) => (o.kind === 'packet' ? o.packet.sequenceNumber : `lost ${o.packets}/${o.frames}`));

/** Shuffles so that no packet moves more than `reach` places from its position. */
const boundedShuffle = (count: number, reach: number) =>
  fc
    .array(fc.double({ min: 0, max: reach, noNaN: true }), { minLength: count, maxLength: count })
    .map((jitter) =>
      jitter
        .map((j, i) => ({ i, key: i + j }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.i),
    );

describe('RtpJitterBuffer', () => {
  it('releases in-order packets at once, with no added latency', () => {
    const jb = buffer();
    for (let i = 0; i < 10; i += 1) expect(sequences(jb.push(packet(100 + i, i)))).toEqual([100 + i]);
    expect(jb.size).toBe(0);
  });

  it('restores order for any arrival order displaced less than the depth, across the sequence wrap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), boundedShuffle(40, 3), (first, order) => {
        const jb = buffer(4);
        const start = packet(first, 0);
        const out = [...jb.push(start)];
        for (const i of order.filter((i) => i !== 0)) out.push(...jb.push(packet(first + i, i)));
        out.push(...jb.flush());
        // The first packet anchors the stream: anything before it in arrival order is late.
        const released = sequences(out).filter((s): s is number => typeof s === 'number');
        for (let k = 1; k < released.length; k += 1) {
          expect(sequenceDelta(released[k] as number, released[k - 1] as number)).toBeGreaterThan(0);
        }
        expect(out.filter((o) => o.kind === 'lost')).toEqual([]);
        expect(released.length).toBe(40);
      }),
    );
  });

  it('declares a missing packet lost once depth packets wait, with a gap as long as its timestamps', () => {
    const jb = buffer(2);
    const out = [...jb.push(packet(10, 0)), ...jb.push(packet(12, 2)), ...jb.push(packet(13, 3))];
    expect(sequences(out)).toEqual([10]);
    expect(sequences(jb.push(packet(14, 4)))).toEqual([`lost 1/${FRAMES}`, 12, 13, 14]);
    expect(jb.stats).toMatchObject({ lost: 1, released: 4 });
  });

  it('drops packets that arrive after their slot was played, and duplicates', () => {
    const jb = buffer(1);
    jb.push(packet(1, 0));
    jb.push(packet(3, 2));
    expect(sequences(jb.push(packet(4, 3)))).toEqual([`lost 1/${FRAMES}`, 3, 4]);
    expect(jb.push(packet(2, 1))).toEqual([]);
    expect(jb.push(packet(4, 3))).toEqual([]);
    expect(jb.stats).toMatchObject({ late: 2, lost: 1 });
  });

  it('flush releases everything held, gaps included, and keeps the timeline length', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 20 }), (missing) => {
        const jb = buffer(50);
        const out = [...jb.push(packet(0, 0))];
        for (let i = 1; i <= 31; i += 1) if (!missing.includes(i)) out.push(...jb.push(packet(i, i)));
        out.push(...jb.flush());
        const frames = out.reduce((n, o) => n + (o.kind === 'lost' ? o.frames : o.packet.payload.length), 0);
        expect(frames).toBe(32 * FRAMES);
        expect(jb.stats.lost).toBe(missing.length);
      }),
    );
  });

  it('starts over when the SSRC changes', () => {
    const jb = buffer();
    jb.push(packet(5, 0, 1));
    jb.push(packet(7, 2, 1));
    expect(sequences(jb.push(packet(900, 0, 2)))).toEqual([`lost 1/${FRAMES}`, 7, 900]);
  });

  it('clips the gap of a huge timestamp jump to maxGapFrames', () => {
    const jb = new RtpJitterBuffer({ framesOf: (p) => p.payload.length, depth: 0, maxGapFrames: 500 });
    jb.push(packet(1, 0));
    expect(sequences(jb.push(packet(3, 1000)))).toEqual(['lost 1/500', 3]);
  });
});

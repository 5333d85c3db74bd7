import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRtpPacket } from '../../sources/encodeRtpPacket.ts';
import { parseRtpPacket, type RtpPacket } from '../../sources/parseRtpPacket.ts';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';

const packetArbitrary: fc.Arbitrary<RtpPacket> = fc.record(
  {
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    ssrc: fc.integer({ min: 0, max: 0xffffffff }),
    csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    extension: fc.record({
      profile: fc.integer({ min: 0, max: 0xffff }),
      data: fc
        .integer({ min: 0, max: 8 })
        .chain((words) => fc.uint8Array({ minLength: 4 * words, maxLength: 4 * words }))
        .map((a) => Buffer.from(a)),
    }),
    payload: fc.uint8Array({ maxLength: 320 }).map((a) => Buffer.from(a)),
  },
  { requiredKeys: ['marker', 'payloadType', 'sequenceNumber', 'timestamp', 'ssrc', 'csrcs', 'payload'] },
);

describe('parseRtpPacket', () => {
  it('reads back every field of any packet encodeRtpPacket writes, with or without padding', () => {
    fc.assert(
      fc.property(packetArbitrary, fc.integer({ min: 0, max: 255 }), (packet, padding) => {
        expect(parseRtpPacket(encodeRtpPacket(packet, padding))).toEqual(packet);
      }),
    );
  });

  it('parses a hand-built PCMU header (RFC 3550 layout)', () => {
    const bytes = Buffer.from('80e0 04d2 0001e240 deadbeef 7f7f'.replace(/ /g, ''), 'hex');
    expect(parseRtpPacket(bytes)).toEqual({
      marker: true,
      payloadType: 0x60,
      sequenceNumber: 1234,
      timestamp: 123456,
      ssrc: 0xdeadbeef,
      csrcs: [],
      payload: Buffer.from([0x7f, 0x7f]),
    });
  });

  it('rejects datagrams that are not valid RTP with a ProtocolError saying why', () => {
    const good = encodeRtpPacket({
      marker: false,
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 1,
      ssrc: 1,
      csrcs: [1, 2],
      payload: Buffer.alloc(4),
    });
    const cases: [Buffer, RegExp][] = [
      [Buffer.alloc(5), /shorter than its 12-byte header/],
      [Buffer.from([0x40, ...good.subarray(1)]), /version 1/],
      [good.subarray(0, 16), /cannot hold its 2 CSRCs/],
      [Buffer.from([0xa0, ...good.subarray(1, good.length - 1), 200]), /padding of 200 bytes/],
      [Buffer.from([0x90, ...good.subarray(1, 12)]), /ends inside its header extension/],
      [
        Buffer.concat([Buffer.from([0x90]), good.subarray(1, 12), Buffer.from([0, 0, 0, 9])]),
        /extension of 9 words/,
      ],
    ];
    for (const [bytes, reason] of cases) {
      expect(() => parseRtpPacket(bytes)).toThrow(ProtocolError);
      expect(() => parseRtpPacket(bytes)).toThrow(reason);
    }
  });

  it('never throws anything but a ProtocolError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const packet = parseRtpPacket(bytes);
          expect(packet.payload.length).toBeLessThanOrEqual(bytes.length - 12);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });

  it('encodeRtpPacket rejects out-of-range fields with a ValidationError naming them', () => {
    const bad = {
      marker: false,
      payloadType: 128,
      sequenceNumber: 70000,
      timestamp: 0,
      ssrc: 0,
      csrcs: [],
      payload: Buffer.alloc(0),
    };
    try {
      encodeRtpPacket(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['payloadType', 'sequenceNumber']);
    }
  });
});

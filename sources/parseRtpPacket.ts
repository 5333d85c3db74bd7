import { ProtocolError } from '../src/errors/ProtocolError.ts';

/** One RTP packet (RFC 3550 section 5.1), header fields decoded, payload without padding. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  /** 16-bit, wraps around. */
  sequenceNumber: number;
  /** 32-bit, in units of the payload's clock rate, wraps around. */
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  /** The header extension (RFC 3550 5.3.1), when the X bit is set. */
  extension?: { profile: number; data: Buffer };
  payload: Buffer;
}

const FIXED_HEADER = 12;

/**
 * Parses an RTP packet. Throws ProtocolError naming what is wrong with a packet that is not RTP
 * version 2 or whose lengths (CSRC list, extension, padding) do not fit in the datagram.
 */
export function parseRtpPacket(datagram: Uint8Array): RtpPacket {
  const b = Buffer.isBuffer(datagram)
    ? datagram
    : Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (b.length < FIXED_HEADER)
    throw new ProtocolError(`RTP packet of ${b.length} bytes is shorter than its 12-byte header`);
  const first = b[0] as number;
  const version = first >> 6;
  if (version !== 2) throw new ProtocolError(`RTP version ${version} is not supported (expected 2)`);
  const padding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  const second = b[1] as number;
  let at = FIXED_HEADER + 4 * csrcCount;
  if (b.length < at)
    throw new ProtocolError(`RTP packet of ${b.length} bytes cannot hold its ${csrcCount} CSRCs`);
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i += 1) csrcs.push(b.readUInt32BE(FIXED_HEADER + 4 * i));
  let extension: RtpPacket['extension'];
  if (hasExtension) {
    if (b.length < at + 4) throw new ProtocolError('RTP packet ends inside its header extension');
    const profile = b.readUInt16BE(at);
    const words = b.readUInt16BE(at + 2);
    const end = at + 4 + 4 * words;
    if (b.length < end) throw new ProtocolError(`RTP header extension of ${words} words overruns the packet`);
    extension = { profile, data: b.subarray(at + 4, end) };
    at = end;
  }
  let payloadEnd = b.length;
  if (padding) {
    const count = b[b.length - 1] as number;
    if (count === 0 || payloadEnd - count < at) {
      throw new ProtocolError(`RTP padding of ${count} bytes does not fit in the packet`);
    }
    payloadEnd -= count;
  }
  return {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequenceNumber: b.readUInt16BE(2),
    timestamp: b.readUInt32BE(4),
    ssrc: b.readUInt32BE(8),
    csrcs,
    ...(extension ? { extension } : {}),
    payload: b.subarray(at, payloadEnd),
  };
}

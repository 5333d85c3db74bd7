import { ValidationError } from '../src/errors/ValidationError.ts';
import type { RtpPacket } from './parseRtpPacket.ts';

/**
 * Serialises an RTP packet (version 2). `padding` appends that many padding bytes (1-255) and
 * sets the P bit. Throws ValidationError for fields out of range.
 */
export function encodeRtpPacket(packet: RtpPacket, padding = 0): Buffer {
  const issues: { path: string; message: string }[] = [];
  const check = (path: string, value: number, max: number): void => {
    if (!Number.isInteger(value) || value < 0 || value > max)
      issues.push({ path, message: `must be 0-${max}` });
  };
  check('payloadType', packet.payloadType, 0x7f);
  check('sequenceNumber', packet.sequenceNumber, 0xffff);
  check('timestamp', packet.timestamp, 0xffffffff);
  check('ssrc', packet.ssrc, 0xffffffff);
  if (packet.csrcs.length > 15) issues.push({ path: 'csrcs', message: 'at most 15' });
  packet.csrcs.forEach((csrc, i) => {
    check(`csrcs[${i}]`, csrc, 0xffffffff);
  });
  if (packet.extension && packet.extension.data.length % 4 !== 0)
    issues.push({ path: 'extension.data', message: 'length must be a multiple of 4' });
  check('padding', padding, 0xff);
  if (issues.length > 0) throw new ValidationError('RTP packet', issues);

  const extensionBytes = packet.extension ? 4 + packet.extension.data.length : 0;
  const header = 12 + 4 * packet.csrcs.length + extensionBytes;
  const out = Buffer.alloc(header + packet.payload.length + padding);
  out[0] = 0x80 | (padding > 0 ? 0x20 : 0) | (packet.extension ? 0x10 : 0) | packet.csrcs.length;
  out[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  out.writeUInt16BE(packet.sequenceNumber, 2);
  out.writeUInt32BE(packet.timestamp, 4);
  out.writeUInt32BE(packet.ssrc, 8);
  packet.csrcs.forEach((csrc, i) => {
    out.writeUInt32BE(csrc, 12 + 4 * i);
  });
  let at = 12 + 4 * packet.csrcs.length;
  if (packet.extension) {
    out.writeUInt16BE(packet.extension.profile, at);
    out.writeUInt16BE(packet.extension.data.length / 4, at + 2);
    packet.extension.data.copy(out, at + 4);
    at += extensionBytes;
  }
  packet.payload.copy(out, at);
  if (padding > 0) out[out.length - 1] = padding;
  return out;
}

import { writeFileSync } from 'node:fs';
import { encodeRtpPacket } from '../../sources/encodeRtpPacket.ts';
import { encodeG711 } from '../../sources/g711.ts';

/** Options of {@link writeRtpPcap}. */
export interface RtpPcapOptions {
  /** `mulaw` (PCMU, payload type 0) or `alaw` (PCMA, 8). */
  law: 'mulaw' | 'alaw';
  /**
   * Playback speed: packet capture times are 20 ms / speed apart (RTP timestamps stay real), so
   * sipp plays the call faster than real time without changing what the receiver reconstructs.
   */
  speed?: number;
}

/**
 * Writes 8 kHz mono PCM as a pcap file of G.711 RTP packets (Ethernet, IPv4, UDP; 20 ms each),
 * what sipp's `play_pcap_audio` sends to the caller's SDP address. Returns the packet count.
 */
export function writeRtpPcap(path: string, pcm8k: Int16Array, options: RtpPcapOptions): number {
  const samplesPerPacket = 160;
  const codes = encodeG711(pcm8k, options.law);
  const stepMicros = Math.round(20_000 / (options.speed ?? 1));
  const parts: Buffer[] = [];
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16);
  global.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  parts.push(global);
  let count = 0;
  for (let at = 0; at + samplesPerPacket <= codes.length; at += samplesPerPacket) {
    const rtp = encodeRtpPacket({
      marker: count === 0,
      payloadType: options.law === 'mulaw' ? 0 : 8,
      sequenceNumber: (1000 + count) & 0xffff,
      timestamp: at,
      ssrc: 0x5eed,
      csrcs: [],
      payload: codes.subarray(at, at + samplesPerPacket),
    });
    const frame = Buffer.alloc(14 + 20 + 8 + rtp.length);
    frame.writeUInt16BE(0x0800, 12);
    const ip = 14;
    frame[ip] = 0x45;
    frame.writeUInt16BE(20 + 8 + rtp.length, ip + 2);
    frame[ip + 8] = 64;
    frame[ip + 9] = 17;
    frame.set([127, 0, 0, 1], ip + 12);
    frame.set([127, 0, 0, 1], ip + 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += frame.readUInt16BE(ip + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    frame.writeUInt16BE(~sum & 0xffff, ip + 10);
    const udp = ip + 20;
    frame.writeUInt16BE(6000, udp);
    frame.writeUInt16BE(6000, udp + 2);
    frame.writeUInt16BE(8 + rtp.length, udp + 4);
    rtp.copy(frame, udp + 8);
    const header = Buffer.alloc(16);
    const micros = count * stepMicros;
    header.writeUInt32LE(Math.floor(micros / 1e6), 0);
    header.writeUInt32LE(micros % 1e6, 4);
    header.writeUInt32LE(frame.length, 8);
    header.writeUInt32LE(frame.length, 12);
    parts.push(header, frame);
    count += 1;
  }
  writeFileSync(path, Buffer.concat(parts));
  return count;
}

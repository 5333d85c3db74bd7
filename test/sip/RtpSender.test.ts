import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { parseRtpPacket, type RtpPacket } from '../../sources/parseRtpPacket.ts';
import { parseDtmfPayload } from '../../src/sip/dtmfPackets.ts';
import { RtpSender } from '../../src/sip/RtpSender.ts';

async function receiver() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const packets: RtpPacket[] = [];
  socket.on('message', (m) => packets.push(parseRtpPacket(m)));
  const to = { host: '127.0.0.1', port: socket.address().port };
  const close = () => new Promise<void>((resolve) => socket.close(() => resolve()));
  return { packets, to, close };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('RtpSender', () => {
  it('continues one RTP stream across plays: one SSRC, consecutive sequence numbers, later timestamps', async () => {
    const peer = await receiver();
    const sender = new RtpSender('127.0.0.1');
    try {
      expect(await sender.playDtmf('1', 101, peer.to, () => true)).toBe(true);
      expect(await sender.playDtmf('#', 101, peer.to, () => true)).toBe(true);
      await settle();
      const { packets } = peer;
      expect(new Set(packets.map((p) => p.ssrc))).toEqual(new Set([sender.ssrc]));
      for (let i = 1; i < packets.length; i += 1)
        expect(packets[i]?.sequenceNumber).toBe(((packets[i - 1]?.sequenceNumber ?? 0) + 1) & 0xffff);
      const firstOfEach = packets.filter((p) => p.marker);
      expect(firstOfEach.map((p) => parseDtmfPayload(p.payload).code)).toEqual([1, 11]);
      // The second play starts where the first ended: 100 ms of tone is 800 ticks of the 8 kHz clock.
      const [one, hash] = firstOfEach as [RtpPacket, RtpPacket];
      expect((hash.timestamp - one.timestamp) >>> 0).toBeGreaterThanOrEqual(800);
    } finally {
      await sender.close();
      await peer.close();
    }
  });

  it('stops a play when told, and once closed', async () => {
    const peer = await receiver();
    const sender = new RtpSender('127.0.0.1');
    let allowed = 3;
    expect(await sender.playDtmf('123', 101, peer.to, () => allowed-- > 0)).toBe(false);
    const playing = sender.playDtmf('456', 101, peer.to, () => true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await sender.close();
    expect(await playing).toBe(false);
    await settle();
    expect(peer.packets.length).toBeLessThan(12);
    await peer.close();
  });
});

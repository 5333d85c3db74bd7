import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { encodeRtpPacket } from '../../sources/encodeRtpPacket.ts';
import { dtmfPackets } from './dtmfPackets.ts';
import type { SipAddress } from './SipTransport.ts';

/** RTP clock of telephone-events sent with G.711 audio (RFC 4733 2.1). */
const CLOCK_RATE = 8000;

/**
 * The outgoing RTP of one call: one SSRC, and a sequence number and timestamp that continue from
 * one DTMF play to the next (RFC 3550 5.1), as a receiver expects of one stream. The UDP socket is
 * bound on the first play, on the call's local address.
 */
export class RtpSender {
  readonly ssrc = randomInt(1, 0xffffffff);
  readonly #localHost: string;
  #sequence = randomInt(0, 0xffff);
  #timestamp = randomInt(0, 0xffffffff);
  #socket: Socket | undefined;
  #closed = false;

  constructor(localHost: string) {
    this.#localHost = localHost;
  }

  /**
   * Plays `keys` as RFC 4733 events with `payloadType` to `to`, each packet at its time. Stops early
   * when `playing()` turns false or the sender is closed, and then resolves false.
   * @throws ValidationError naming a key that cannot be sent (before anything is sent).
   */
  async playDtmf(
    keys: string,
    payloadType: number,
    to: SipAddress,
    playing: () => boolean,
  ): Promise<boolean> {
    if (this.#socket === undefined) {
      const bound = await bindUdp(this.#localHost);
      if (this.#closed) {
        bound.close();
        return false;
      }
      this.#socket = bound;
    }
    const socket = this.#socket;
    const schedule = dtmfPackets(keys, {
      payloadType,
      ssrc: this.ssrc,
      sequenceNumber: this.#sequence,
      timestamp: this.#timestamp,
    });
    const began = Date.now();
    for (const { atMs, packet } of schedule) {
      const wait = began + atMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!playing() || this.#socket !== socket) return false;
      socket.send(encodeRtpPacket(packet), to.port, to.host);
      this.#sequence = (packet.sequenceNumber + 1) & 0xffff;
    }
    this.#timestamp = (this.#timestamp + Math.round(((Date.now() - began) * CLOCK_RATE) / 1000)) >>> 0;
    return true;
  }

  /** Closes the socket (if one was bound); a play under way stops at its next packet. */
  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

function bindUdp(host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

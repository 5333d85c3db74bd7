import type { RtpPacket } from './parseRtpPacket.ts';

/** What the jitter buffer releases, in play order: a packet, or a gap left by lost packets. */
export type RtpPlayout =
  | { kind: 'packet'; packet: RtpPacket }
  | { kind: 'lost'; packets: number; frames: number };

/** Options of {@link RtpJitterBuffer}. */
export interface RtpJitterBufferOptions {
  /** Sample frames a packet carries (from its payload length and codec). */
  framesOf: (packet: RtpPacket) => number;
  /** Packets held while waiting for a missing one before it is declared lost (default 4). */
  depth?: number;
  /** Longest gap reported for one loss, in frames (larger timestamp jumps are clipped to it). */
  maxGapFrames?: number;
}

/** Signed distance from sequence number b to a, across the 16-bit wrap. */
export function sequenceDelta(a: number, b: number): number {
  return ((a - b + 0x8000) & 0xffff) - 0x8000;
}

/**
 * Reorders RTP packets of one stream by sequence number. Packets in order pass straight through
 * (no added latency); a packet arriving ahead of a missing one waits until the missing one
 * arrives or `depth` packets are waiting, when the missing ones are declared lost and reported
 * as a gap whose length comes from the timestamps. Packets older than what was already released
 * (late beyond repair) and duplicates are dropped. A new SSRC starts a new stream. Pure: timers
 * belong to the caller, which calls `flush()` when it stops waiting.
 */
export class RtpJitterBuffer {
  private readonly depth: number;
  private readonly maxGapFrames: number;
  private readonly pending = new Map<number, RtpPacket>();
  private ssrc: number | undefined;
  private nextSequence = 0;
  private nextTimestamp: number | undefined;
  /** Counters since creation. */
  readonly stats = { received: 0, released: 0, late: 0, duplicate: 0, lost: 0 };

  constructor(private readonly options: RtpJitterBufferOptions) {
    this.depth = options.depth ?? 4;
    this.maxGapFrames = options.maxGapFrames ?? Number.POSITIVE_INFINITY;
  }

  /** Packets waiting for a missing predecessor. */
  get size(): number {
    return this.pending.size;
  }

  /** Adds a packet; returns what can now be played, in order. */
  push(packet: RtpPacket): RtpPlayout[] {
    this.stats.received += 1;
    const out: RtpPlayout[] = [];
    if (this.ssrc !== packet.ssrc) {
      if (this.ssrc !== undefined) out.push(...this.flush());
      this.ssrc = packet.ssrc;
      this.nextSequence = packet.sequenceNumber;
      this.nextTimestamp = undefined;
    }
    if (sequenceDelta(packet.sequenceNumber, this.nextSequence) < 0) {
      this.stats.late += 1;
      return out;
    }
    if (this.pending.has(packet.sequenceNumber)) {
      this.stats.duplicate += 1;
      return out;
    }
    this.pending.set(packet.sequenceNumber, packet);
    out.push(...this.release(false));
    return out;
  }

  /** Stops waiting: releases every held packet, reporting the gaps before them as lost. */
  flush(): RtpPlayout[] {
    return this.release(true);
  }

  private release(force: boolean): RtpPlayout[] {
    const out: RtpPlayout[] = [];
    while (true) {
      let packet = this.pending.get(this.nextSequence);
      while (packet) {
        this.pending.delete(this.nextSequence);
        out.push({ kind: 'packet', packet });
        this.stats.released += 1;
        this.nextTimestamp = (packet.timestamp + this.options.framesOf(packet)) >>> 0;
        this.nextSequence = (this.nextSequence + 1) & 0xffff;
        packet = this.pending.get(this.nextSequence);
      }
      if (this.pending.size === 0 || (!force && this.pending.size <= this.depth)) return out;
      let earliest: RtpPacket | undefined;
      for (const waiting of this.pending.values()) {
        if (!earliest || sequenceDelta(waiting.sequenceNumber, earliest.sequenceNumber) < 0)
          earliest = waiting;
      }
      const first = earliest as RtpPacket;
      const packets = sequenceDelta(first.sequenceNumber, this.nextSequence);
      const span = this.nextTimestamp === undefined ? 0 : (first.timestamp - this.nextTimestamp) | 0;
      out.push({ kind: 'lost', packets, frames: Math.min(Math.max(0, span), this.maxGapFrames) });
      this.stats.lost += packets;
      this.nextSequence = first.sequenceNumber;
    }
  }
}

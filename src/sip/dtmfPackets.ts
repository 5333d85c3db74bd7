import type { RtpPacket } from '../../sources/parseRtpPacket.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/** One RTP packet of an RFC 4733 event stream and when to send it, ms after the first. */
export interface ScheduledRtpPacket {
  atMs: number;
  packet: RtpPacket;
}

/** Options of {@link dtmfPackets}. */
export interface DtmfOptions {
  /** The negotiated telephone-event payload type. */
  payloadType: number;
  ssrc: number;
  /** First sequence number and timestamp (random in a call, fixed in tests). */
  sequenceNumber?: number;
  timestamp?: number;
  /** Tone length per key, ms (default 100). */
  toneMs?: number;
  /** Silence between keys, ms (default 100). */
  gapMs?: number;
}

const EVENT_CODES: Readonly<Record<string, number>> = {
  '0': 0,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
  '8': 8,
  '9': 9,
  '*': 10,
  '#': 11,
  A: 12,
  B: 13,
  C: 14,
  D: 15,
};
const CLOCK = 8000;
const PACKET_MS = 20;
/** Volume field: -10 dBm0, a usual level for generated tones. */
const VOLUME = 10;
/** RFC 4733 2.5.1.4: the end packet is sent three times. */
const END_REPEATS = 3;
/** A `,` in a dial string waits this long (the Telephony API's pause between DTMF keys). */
export const DTMF_PAUSE_MS = 500;

/** The RFC 4733 event code of a key (0-9, *, #, A-D), or undefined. */
export function dtmfEventCode(key: string): number | undefined {
  return EVENT_CODES[key.toUpperCase()];
}

/**
 * The RFC 4733 telephone-event packets that play `keys` (0-9, *, #, A-D; `,` pauses 500 ms; spaces
 * ignored): per key, a packet every 20 ms with the growing duration and the marker on the first,
 * then the end packet three times. Throws ValidationError naming the first key it cannot send.
 */
export function dtmfPackets(keys: string, options: DtmfOptions): ScheduledRtpPacket[] {
  const toneMs = options.toneMs ?? 100;
  const gapMs = options.gapMs ?? 100;
  const bad = [...keys].findIndex((k) => k !== ',' && k !== ' ' && dtmfEventCode(k) === undefined);
  if (bad !== -1)
    throw new ValidationError('DTMF keys', [
      {
        path: `dtmf[${bad}]`,
        message: `${JSON.stringify(keys[bad])} is not a key (0-9, *, #, A-D, or , to pause)`,
      },
    ]);
  const out: ScheduledRtpPacket[] = [];
  let sequenceNumber = options.sequenceNumber ?? 0;
  const baseTimestamp = options.timestamp ?? 0;
  let timestamp = baseTimestamp;
  let at = 0;
  const push = (atMs: number, marker: boolean, payload: Buffer): void => {
    out.push({
      atMs,
      packet: {
        marker,
        payloadType: options.payloadType,
        sequenceNumber,
        timestamp,
        ssrc: options.ssrc,
        csrcs: [],
        payload,
      },
    });
    sequenceNumber = (sequenceNumber + 1) & 0xffff;
  };
  for (const key of keys) {
    if (key === ' ') continue;
    if (key === ',') {
      at += DTMF_PAUSE_MS;
      continue;
    }
    const code = dtmfEventCode(key) as number;
    timestamp = (baseTimestamp + Math.round((at * CLOCK) / 1000)) >>> 0;
    const total = Math.round((toneMs * CLOCK) / 1000);
    const steps = Math.max(1, Math.ceil(toneMs / PACKET_MS));
    for (let i = 1; i <= steps; i += 1) {
      const duration = Math.min(total, Math.round((i * PACKET_MS * CLOCK) / 1000));
      push(at + (i - 1) * PACKET_MS, i === 1, eventPayload(code, false, duration));
    }
    for (let r = 0; r < END_REPEATS; r += 1)
      push(at + steps * PACKET_MS, false, eventPayload(code, true, total));
    at += steps * PACKET_MS + gapMs;
  }
  return out;
}

function eventPayload(code: number, end: boolean, duration: number): Buffer {
  const payload = Buffer.alloc(4);
  payload[0] = code;
  payload[1] = (end ? 0x80 : 0) | VOLUME;
  payload.writeUInt16BE(duration, 2);
  return payload;
}

/** Decodes one RFC 4733 event payload (for tests and logs). */
export function parseDtmfPayload(payload: Uint8Array): {
  code: number;
  end: boolean;
  volume: number;
  duration: number;
} {
  const b = Buffer.from(payload);
  return {
    code: b[0] ?? 0,
    end: ((b[1] ?? 0) & 0x80) !== 0,
    volume: (b[1] ?? 0) & 0x3f,
    duration: b.readUInt16BE(2),
  };
}

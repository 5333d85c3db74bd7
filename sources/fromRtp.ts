import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import { ProtocolError } from '../src/errors/ProtocolError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import type { AudioChunk, AudioFormat } from './AudioChunk.ts';
import { concealLoss } from './concealLoss.ts';
import { decodeG711 } from './g711.ts';
import { parseRtpPacket, type RtpPacket } from './parseRtpPacket.ts';
import { RtpJitterBuffer, type RtpPlayout } from './RtpJitterBuffer.ts';
import { toSourceError } from './toSourceError.ts';

/** An RTP audio payload format: G.711 mu-law, G.711 A-law, or 16-bit linear (network byte order). */
export interface RtpCodec {
  encoding: 'PCMU' | 'PCMA' | 'L16';
  sampleRate: number;
  channels: number;
}

/** Static payload types of RFC 3551 that carry audio fromRtp can decode. */
export const STATIC_RTP_CODECS: Readonly<Record<number, RtpCodec>> = Object.freeze({
  0: { encoding: 'PCMU', sampleRate: 8000, channels: 1 },
  8: { encoding: 'PCMA', sampleRate: 8000, channels: 1 },
  10: { encoding: 'L16', sampleRate: 44100, channels: 2 },
  11: { encoding: 'L16', sampleRate: 44100, channels: 1 },
});

/** Options of {@link fromRtp}. */
export interface FromRtpOptions {
  /** UDP port to listen on; 0 picks a free one (learn it from `onListening`). */
  port: number;
  /** Address to bind (default 127.0.0.1; `0.0.0.0` or `::` for every interface). */
  host?: string;
  /** Only this payload type is played (default: the first decodable one that arrives). */
  payloadType?: number;
  /** Codec of a dynamic payload type (96-127), or to override a static one. */
  codec?: RtpCodec;
  /** Packets held in the jitter buffer while one is missing (default 4). */
  jitterPackets?: number;
  /** Longest a packet waits for a missing predecessor before it is declared lost, ms (default 60). */
  maxDelayMs?: number;
  /** Longest gap filled for one loss, ms (default 1000); longer timestamp jumps are clipped. */
  maxConcealMs?: number;
  /**
   * Complete this long after the last packet, ms (default: never complete). Counting starts at the
   * first packet, so a listener waiting for a caller is not ended by the wait.
   */
  idleTimeoutMs?: number;
  /** Kernel receive buffer to ask for, bytes (default 1 MiB), so a burst is not dropped before it is read. */
  receiveBufferBytes?: number;
  /** Called once the socket is bound, with its address (the port, when `port` was 0). */
  onListening?: (address: AddressInfo) => void;
}

const framesIn = (packet: RtpPacket, codec: RtpCodec): number =>
  Math.floor(packet.payload.length / ((codec.encoding === 'L16' ? 2 : 1) * codec.channels));

function decodePayload(packet: RtpPacket, codec: RtpCodec): Int16Array {
  const frames = framesIn(packet, codec);
  if (codec.encoding === 'L16') {
    const samples = new Int16Array(frames * codec.channels);
    for (let i = 0; i < samples.length; i += 1) samples[i] = packet.payload.readInt16BE(2 * i);
    return samples;
  }
  const codes = packet.payload.subarray(0, frames * codec.channels);
  return decodeG711(codes, codec.encoding === 'PCMU' ? 'mulaw' : 'alaw');
}

/**
 * Audio received as RTP over UDP: one socket per subscription, bound to `host:port`, closed on
 * unsubscribe. Packets go through a jitter buffer that reorders late ones; lost ones are concealed
 * (last packet repeated and faded, then silence) so the timeline keeps its length. PCMU, PCMA and
 * L16 payloads are decoded to s16le at the codec's rate. Datagrams that are not RTP, and packets
 * of other payload types (DTMF events, comfort noise), are skipped. A socket that cannot bind
 * errors with ConnectionError.
 */
export function fromRtp(options: FromRtpOptions): Observable<AudioChunk> {
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    issues.push({ path: 'port', message: `must be an integer 0-65535, got ${options.port}` });
  const pt = options.payloadType;
  if (pt !== undefined && (!Number.isInteger(pt) || pt < 0 || pt > 127))
    issues.push({ path: 'payloadType', message: `must be an integer 0-127, got ${pt}` });
  if (pt !== undefined && !options.codec && !STATIC_RTP_CODECS[pt])
    issues.push({ path: 'codec', message: `is required for dynamic payload type ${pt}` });
  if (issues.length > 0) throw new ValidationError('fromRtp options', issues);
  const host = options.host ?? '127.0.0.1';
  const maxDelayMs = options.maxDelayMs ?? 60;
  const maxConcealMs = options.maxConcealMs ?? 1000;

  return new Observable<AudioChunk>((subscriber) => {
    const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    let payloadType = pt;
    let codec: RtpCodec | undefined = pt === undefined ? undefined : (options.codec ?? STATIC_RTP_CODECS[pt]);
    let jitter: RtpJitterBuffer | undefined;
    let format: AudioFormat | undefined;
    let last: Int16Array | undefined;
    let waitTimer: NodeJS.Timeout | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    let closed = false;

    const play = (playouts: RtpPlayout[]): void => {
      if (!codec || !format) return;
      for (const item of playouts) {
        let samples: Int16Array;
        if (item.kind === 'packet') {
          samples = decodePayload(item.packet, codec);
          if (samples.length > 0) last = samples;
        } else {
          samples = concealLoss(last, item.frames, codec.channels, Math.round(codec.sampleRate * 0.02));
        }
        if (samples.length > 0) subscriber.next({ data: Buffer.from(samples.buffer), format });
      }
    };
    const flush = (): void => {
      waitTimer = undefined;
      if (jitter) play(jitter.flush());
    };
    const finish = (): void => {
      if (closed) return;
      flush();
      closed = true;
      subscriber.complete();
    };
    const armIdle = (): void => {
      if (options.idleTimeoutMs === undefined) return;
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(finish, options.idleTimeoutMs);
    };

    socket.on('message', (datagram) => {
      if (closed) return;
      armIdle();
      let packet: RtpPacket;
      try {
        packet = parseRtpPacket(datagram);
      } catch (error) {
        if (error instanceof ProtocolError) return;
        throw error;
      }
      if (payloadType === undefined) {
        const known = options.codec ?? STATIC_RTP_CODECS[packet.payloadType];
        if (!known) return;
        payloadType = packet.payloadType;
        codec = known;
      }
      if (packet.payloadType !== payloadType || !codec) return;
      if (!jitter || !format) {
        const active = codec;
        format = { sampleRate: active.sampleRate, channels: active.channels, encoding: 's16le' };
        jitter = new RtpJitterBuffer({
          framesOf: (p) => framesIn(p, active),
          depth: options.jitterPackets ?? 4,
          maxGapFrames: Math.round((active.sampleRate * maxConcealMs) / 1000),
        });
      }
      play(jitter.push(packet));
      if (jitter.size === 0 && waitTimer) {
        clearTimeout(waitTimer);
        waitTimer = undefined;
      } else if (jitter.size > 0 && !waitTimer) {
        waitTimer = setTimeout(flush, maxDelayMs);
      }
    });
    socket.on('error', (error) => {
      if (closed) return;
      closed = true;
      subscriber.error(toSourceError(error, `RTP socket ${host}:${options.port}`));
    });
    socket.bind(options.port, host, () => {
      try {
        socket.setRecvBufferSize(options.receiveBufferBytes ?? 1 << 20);
      } catch {
        // The kernel may refuse a larger buffer; the default one still works.
      }
      options.onListening?.(socket.address());
    });

    return () => {
      closed = true;
      if (waitTimer) clearTimeout(waitTimer);
      if (idleTimer) clearTimeout(idleTimer);
      try {
        socket.close();
      } catch {
        // Already closed after a bind failure.
      }
    };
  });
}

import { SipError } from '../errors/SipError.ts';

/** Audio codecs Parley offers and can receive in a call (G.711). */
export type SipAudioCodec = 'PCMU' | 'PCMA';

/** Static RTP payload types of the G.711 codecs (RFC 3551). */
export const G711_PAYLOAD_TYPES: Readonly<Record<SipAudioCodec, number>> = { PCMU: 0, PCMA: 8 };

/** The dynamic payload type Parley offers for RFC 4733 telephone-events. */
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

/** Options of {@link createSdpOffer}. */
export interface SdpOfferOptions {
  /** Address the far end sends RTP to. */
  address: string;
  /** Local RTP port. */
  port: number;
  /** Codecs in order of preference (default PCMU, PCMA). */
  codecs?: readonly SipAudioCodec[];
  /** Session id and version for the `o=` line (default: now in seconds). */
  sessionId?: number;
}

/**
 * An SDP offer (RFC 3264) for one receive-capable audio stream: G.711 codecs in order of
 * preference plus RFC 4733 telephone-event 0-16, 20 ms packets.
 */
export function createSdpOffer(options: SdpOfferOptions): string {
  const codecs = options.codecs ?? ['PCMU', 'PCMA'];
  const ip = options.address.includes(':') ? 'IP6' : 'IP4';
  const id = options.sessionId ?? Math.floor(Date.now() / 1000);
  const types = [...codecs.map((c) => G711_PAYLOAD_TYPES[c]), TELEPHONE_EVENT_PAYLOAD_TYPE];
  return [
    'v=0',
    `o=parley ${id} ${id} IN ${ip} ${options.address}`,
    's=Parley',
    `c=IN ${ip} ${options.address}`,
    't=0 0',
    `m=audio ${options.port} RTP/AVP ${types.join(' ')}`,
    ...codecs.map((c) => `a=rtpmap:${G711_PAYLOAD_TYPES[c]} ${c}/8000`),
    `a=rtpmap:${TELEPHONE_EVENT_PAYLOAD_TYPE} telephone-event/8000`,
    `a=fmtp:${TELEPHONE_EVENT_PAYLOAD_TYPE} 0-16`,
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** What an SDP answer settles for the call's audio. */
export interface SdpAnswer {
  /** Where to send RTP (DTMF events) to. */
  address: string;
  port: number;
  /** The first G.711 codec of the answer: what the far end will send. */
  codec: SipAudioCodec;
  payloadType: number;
  /** The far end's telephone-event payload type, when it accepted RFC 4733 events. */
  telephoneEventPayloadType?: number;
}

/**
 * Reads an SDP answer: the connection address, the first audio stream's port and the first G.711
 * payload type it kept. Throws SipError (488 Not Acceptable Here) when it has no audio stream, a
 * rejected one (port 0), or no codec Parley can decode.
 */
export function parseSdpAnswer(sdp: string): SdpAnswer {
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let media: { port: number; types: number[] } | undefined;
  const rtpmaps = new Map<number, string>();
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (media) break;
      const m = /^m=audio (\d+)(?:\/\d+)? RTP\/S?AVP((?: \d+)*)$/.exec(line);
      if (m)
        media = { port: Number(m[1]), types: (m[2] ?? '').trim().split(/\s+/).filter(Boolean).map(Number) };
      continue;
    }
    const c = /^c=IN IP[46] ([^\s/]+)/.exec(line);
    if (c) {
      if (media) mediaAddress = c[1];
      else sessionAddress = c[1];
    }
    const rtpmap = media ? /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/.exec(line) : null;
    if (rtpmap) rtpmaps.set(Number(rtpmap[1]), (rtpmap[2] as string).toUpperCase());
  }
  if (!media) throw new SipError('The SDP answer has no audio stream', 488);
  if (media.port === 0) throw new SipError('The SDP answer rejected the audio stream (port 0)', 488);
  const address = mediaAddress ?? sessionAddress;
  if (!address) throw new SipError('The SDP answer has no connection address (c=)', 488);
  const nameOf = (pt: number): string | undefined =>
    rtpmaps.get(pt) ?? (pt === 0 ? 'PCMU' : pt === 8 ? 'PCMA' : undefined);
  const audioType = media.types.find((pt) => nameOf(pt) === 'PCMU' || nameOf(pt) === 'PCMA');
  if (audioType === undefined)
    throw new SipError(`The SDP answer kept no G.711 codec (payload types ${media.types.join(', ')})`, 488);
  const eventType = media.types.find((pt) => nameOf(pt) === 'TELEPHONE-EVENT');
  return {
    address,
    port: media.port,
    codec: nameOf(audioType) as SipAudioCodec,
    payloadType: audioType,
    ...(eventType === undefined ? {} : { telephoneEventPayloadType: eventType }),
  };
}

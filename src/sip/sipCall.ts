import { randomBytes, randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { from, Observable, type Subscription } from 'rxjs';
import type { AudioChunk } from '../../sources/AudioChunk.ts';
import { encodeRtpPacket } from '../../sources/encodeRtpPacket.ts';
import { fromRtp } from '../../sources/fromRtp.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { SipError } from '../errors/SipError.ts';
import {
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
  type SipCredentials,
} from './digestAuthorization.ts';
import { dtmfPackets } from './dtmfPackets.ts';
import { InviteClientTransaction } from './InviteClientTransaction.ts';
import { localAddressFor } from './localAddressFor.ts';
import { sendNonInviteRequest } from './NonInviteClientTransaction.ts';
import {
  cseqOf,
  headerParam,
  headerValue,
  headerValues,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './SipMessage.ts';
import { DEFAULT_SIP_TIMERS, type SipTimers } from './SipTimers.ts';
import { type SipAddress, SipTransport } from './SipTransport.ts';
import { formatSipUri, parseSipUri } from './SipUri.ts';
import { createSdpOffer, parseSdpAnswer, type SdpAnswer, type SipAudioCodec } from './sdp.ts';

/** Options of {@link sipCall}. */
export interface SipCallOptions {
  /** The SIP URI to call (`sip:8021@sip.example.com`). */
  target: string;
  /** Outbound proxy or trunk (`sip:trunk.example.com:5060`): every request is sent there. */
  proxy?: string;
  /** Answer 401/407 digest challenges with these. */
  credentials?: SipCredentials;
  /** From URI (default `sip:<username or parley>@<local address>`). */
  from?: string;
  /** Display name in From (default `Parley`). */
  displayName?: string;
  /** Local address to bind and advertise (default: the one routed towards the first hop). */
  localHost?: string;
  /** Codecs offered, in order of preference (default PCMU, PCMA). */
  codecs?: readonly SipAudioCodec[];
  /** Keys sent as RFC 4733 events once the call is answered (`,` pauses 500 ms). */
  dtmf?: string;
  /** More keys to send while the call is up, each emission played in turn. */
  dtmf$?: Observable<string>;
  /** Ends the call when it emits or resolves: BYE once answered, CANCEL while ringing. */
  hangUp?: Observable<unknown> | PromiseLike<unknown>;
  /** Transaction timers (default RFC 3261: T1 500 ms, T2 4 s). */
  timers?: Partial<SipTimers>;
  /** How long the far end may ring before the call is cancelled (default 60 s): SipError 408. */
  ringTimeoutMs?: number;
  /** How long to wait for the BYE's answer before the sockets close anyway (default 4 s). */
  hangUpTimeoutMs?: number;
  /** Jitter buffer depth of the RTP receiver, packets (default 4). */
  jitterPackets?: number;
}

/** What happens on a call, in order. Audio arrives as `audio` events between `answered` and `ended`. */
export type SipCallEvent =
  | { type: 'calling'; callId: string; local: SipAddress; rtpPort: number }
  | { type: 'provisional'; status: number; reason: string }
  | { type: 'challenged'; status: 401 | 407; realm: string }
  | { type: 'answered'; codec: SipAudioCodec; remoteMedia: SipAddress }
  | { type: 'audio'; chunk: AudioChunk }
  | { type: 'dtmf_sent'; keys: string }
  | { type: 'rejected'; status: number; reason: string }
  | { type: 'ended'; by: 'local' | 'remote'; reason: string };

const DEFAULT_PORT = 5060;

/**
 * Places a SIP call over UDP (RFC 3261) and reports it as events. Subscribing binds a SIP socket
 * and an RTP socket on the local address, sends an INVITE with an SDP offer (PCMU, PCMA,
 * telephone-event), retransmits it per RFC 3261 timers, answers digest challenges once (401 with
 * Authorization, 407 with Proxy-Authorization; MD5, qop=auth), ACKs the answer and emits the far
 * end's audio (decoded G.711, 8 kHz s16le) as `audio` events. Keys in `dtmf` go out as RFC 4733
 * events after the answer.
 *
 * Ending: `hangUp` sends BYE (or CANCEL while ringing) and completes after `ended`; a BYE from the
 * far end is answered 200 and completes with `ended` by `remote`. A final 3xx-6xx emits `rejected`
 * and errors with SipError carrying the status (486, 404, ...); no answer at all errors with
 * SipError 408. Unsubscribing sends a best-effort BYE and closes at once. Every path closes both
 * sockets.
 */
export function sipCall(options: SipCallOptions): Observable<SipCallEvent> {
  const target = parseSipUri(options.target, 'SIP call target');
  const proxy = options.proxy === undefined ? undefined : parseSipUri(options.proxy, 'SIP proxy');
  const timers: SipTimers = { ...DEFAULT_SIP_TIMERS, ...options.timers };

  return new Observable<SipCallEvent>((subscriber) => {
    const subs: Subscription[] = [];
    let transport: SipTransport | undefined;
    let dtmfSocket: Socket | undefined;
    let invite: InviteClientTransaction | undefined;
    let ringTimer: NodeJS.Timeout | undefined;
    let state: 'starting' | 'inviting' | 'answered' | 'ending' | 'done' = 'starting';
    let hangUpRequested = false;
    let dtmfChain = Promise.resolve();
    let dialog: { remoteTarget: string; toHeader: string; routes: string[]; ack: SipRequest } | undefined;
    let answer: SdpAnswer | undefined;
    const callId = `${randomBytes(12).toString('hex')}@parley`;
    const fromTag = randomBytes(6).toString('hex');
    let cseq = randomInt(1, 10_000);
    const rtpSsrc = randomInt(1, 0xffffffff);
    let rtpSequence = randomInt(0, 0xffff);
    let rtpTimestamp = randomInt(0, 0xffffffff);

    // Read through a function: callbacks change it behind TypeScript's narrowing.
    const isDone = (): boolean => state === 'done';
    const release = async (): Promise<void> => {
      if (ringTimer) clearTimeout(ringTimer);
      invite?.dispose();
      for (const s of subs) s.unsubscribe();
      const socket = dtmfSocket;
      dtmfSocket = undefined;
      if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
      await transport?.close();
    };
    const end = (by: 'local' | 'remote', reason: string): void => {
      if (state === 'done') return;
      state = 'done';
      void release().then(() => {
        subscriber.next({ type: 'ended', by, reason });
        subscriber.complete();
      });
    };
    const fail = (error: unknown, rejected?: SipResponse): void => {
      if (state === 'done') return;
      state = 'done';
      void release().then(() => {
        if (rejected) subscriber.next({ type: 'rejected', status: rejected.status, reason: rejected.reason });
        subscriber.error(
          error instanceof ParleyError ? error : new SipError(String(error), undefined, { cause: error }),
        );
      });
    };

    const start = async (): Promise<void> => {
      const firstHop = proxy ?? target;
      const localHost = options.localHost ?? (await localAddressFor(firstHop.host));
      transport = await SipTransport.open(localHost);
      if (isDone()) return void (await transport.close());
      const rtpPort = await new Promise<number>((resolve, reject) => {
        const audio = fromRtp({
          port: 0,
          host: localHost,
          ...(options.jitterPackets === undefined ? {} : { jitterPackets: options.jitterPackets }),
          onListening: (address) => resolve(address.port),
        }).subscribe({
          next: (chunk) => subscriber.next({ type: 'audio', chunk }),
          error: (error) => {
            reject(error);
            fail(error);
          },
        });
        subs.push(audio);
      });
      if (isDone()) return;
      const sip = transport;
      const local = sip.local;
      const hostPart = local.host.includes(':') ? `[${local.host}]` : local.host;
      const contact = `<sip:parley@${hostPart}:${local.port}>`;
      const fromUri =
        options.from ??
        `sip:${options.credentials?.username ?? 'parley'}@${options.credentials ? target.host : hostPart}`;
      const fromHeader = `"${(options.displayName ?? 'Parley').replace(/"/g, '')}" <${fromUri}>;tag=${fromTag}`;
      const requestUri = formatSipUri(target);
      const destination: SipAddress = { host: firstHop.host, port: firstHop.port ?? DEFAULT_PORT };
      const offer = createSdpOffer({
        address: local.host,
        port: rtpPort,
        ...(options.codecs ? { codecs: options.codecs } : {}),
      });
      const via = (): string =>
        `SIP/2.0/UDP ${hostPart}:${local.port};branch=z9hG4bK${randomBytes(8).toString('hex')};rport`;
      subscriber.next({ type: 'calling', callId, local, rtpPort });

      const sendInvite = (authorization?: SipHeader): InviteClientTransaction => {
        const request: SipRequest = {
          kind: 'request',
          method: 'INVITE',
          uri: requestUri,
          headers: [
            ['Via', via()],
            ['Max-Forwards', '70'],
            ['From', fromHeader],
            ['To', `<${requestUri}>`],
            ['Call-ID', callId],
            ['CSeq', `${cseq} INVITE`],
            ['Contact', contact],
            ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS'],
            ['User-Agent', 'Parley'],
            ...(authorization ? [authorization] : []),
            ['Content-Type', 'application/sdp'],
          ],
          body: offer,
        };
        const transaction = new InviteClientTransaction(sip, request, destination, timers, (response) => {
          subscriber.next({ type: 'provisional', status: response.status, reason: response.reason });
          if (hangUpRequested) void cancel(request);
        });
        invite = transaction;
        return transaction;
      };

      const cancel = async (request: SipRequest): Promise<void> => {
        if (state !== 'inviting') return;
        state = 'ending';
        const cancelRequest: SipRequest = {
          kind: 'request',
          method: 'CANCEL',
          uri: request.uri,
          headers: request.headers
            .filter(([n]) =>
              ['via', 'max-forwards', 'from', 'to', 'call-id', 'route'].includes(n.toLowerCase()),
            )
            .concat([['CSeq', `${cseqOf(request).seq} CANCEL`]]),
          body: '',
        };
        await sendNonInviteRequest(sip, cancelRequest, destination, timers).catch(() => undefined);
      };

      sip.onUnmatched((message) => handleUnmatched(message));
      const handleUnmatched = (message: SipMessage): void => {
        if (headerValue(message, 'Call-ID') !== callId) return;
        if (message.kind === 'response') {
          // A retransmitted 2xx means our ACK was lost (RFC 3261 13.2.2.4).
          if (message.status >= 200 && message.status < 300 && cseqOf(message).method === 'INVITE' && dialog)
            sip.send(dialog.ack, dialogDestination());
          return;
        }
        const respond = (status: number, reason: string): void =>
          sip.send(responseTo(message, status, reason), viaAddress(message) ?? destination);
        switch (message.method) {
          case 'ACK':
            return;
          case 'BYE':
            respond(200, 'OK');
            end('remote', 'the far end hung up');
            return;
          case 'OPTIONS':
            respond(200, 'OK');
            return;
          case 'INVITE':
            respond(488, 'Not Acceptable Here');
            return;
          default:
            respond(501, 'Not Implemented');
        }
      };
      const dialogDestination = (): SipAddress => {
        if (proxy) return destination;
        const hop = parseSipUri(dialog?.routes[0] ?? dialog?.remoteTarget ?? requestUri, 'SIP next hop');
        return { host: hop.host, port: hop.port ?? DEFAULT_PORT };
      };

      hangUpAnswered = hangUpNow;
      bestEffortBye = () => {
        if (dialog && state === 'answered') void bye();
      };
      state = 'inviting';
      let transaction = sendInvite();
      cancelInvite = () => cancel(transaction.request);
      ringTimer = setTimeout(() => {
        if (state !== 'inviting') return;
        const limit = options.ringTimeoutMs ?? 60_000;
        const error = new SipError(`${options.target} did not answer within ${limit} ms`, 408);
        if (transaction.state === 'proceeding') void cancel(transaction.request).then(() => fail(error));
        else fail(error);
      }, options.ringTimeoutMs ?? 60_000);

      let challenged: DigestChallenge | undefined;
      let nonceCount = 0;
      for (;;) {
        const response = await transaction.final;
        if (isDone()) return;
        if (response.status === 401 || response.status === 407) {
          const headerName = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
          const challenge = parseDigestChallenge(headerValue(response, headerName) ?? '', response.status);
          if (!options.credentials)
            return fail(
              new SipError(
                `${options.target} asks for authentication (${response.status}) and no credentials are configured`,
                response.status,
              ),
              response,
            );
          if (challenged && !challenge.stale && challenge.realm === challenged.realm)
            return fail(
              new SipError(
                `${options.target} rejected the credentials for realm "${challenge.realm}"`,
                response.status,
              ),
              response,
            );
          // nc counts requests made with one nonce (RFC 2617 3.2.2); a new nonce starts again at 1.
          nonceCount = challenged?.nonce === challenge.nonce ? nonceCount + 1 : 1;
          challenged = challenge;
          subscriber.next({ type: 'challenged', status: response.status, realm: challenge.realm });
          invite?.dispose();
          cseq += 1;
          const value = digestAuthorization({
            challenge,
            credentials: options.credentials,
            method: 'INVITE',
            uri: requestUri,
            nonceCount,
          });
          transaction = sendInvite([
            response.status === 401 ? 'Authorization' : 'Proxy-Authorization',
            value,
          ]);
          cancelInvite = () => cancel(transaction.request);
          continue;
        }
        if (response.status >= 300) {
          if (hangUpRequested && response.status === 487) return end('local', 'cancelled before answer');
          return fail(
            new SipError(
              `${options.target} rejected the call: ${response.status} ${response.reason}`.trim(),
              response.status,
            ),
            response,
          );
        }
        // 2xx: the dialog is established.
        const toHeader = headerValue(response, 'To') ?? `<${requestUri}>`;
        const remoteTarget = /<([^>]+)>/.exec(headerValue(response, 'Contact') ?? '')?.[1] ?? requestUri;
        const routes = headerValues(response, 'Record-Route')
          .reverse()
          .map((r) => /<([^>]+)>/.exec(r)?.[1] ?? r);
        const routeHeaders: SipHeader[] = routes.map((r) => ['Route', `<${r}>`]);
        const ack: SipRequest = {
          kind: 'request',
          method: 'ACK',
          uri: remoteTarget,
          headers: [
            ['Via', via()],
            ['Max-Forwards', '70'],
            ...routeHeaders,
            ['From', fromHeader],
            ['To', toHeader],
            ['Call-ID', callId],
            ['CSeq', `${cseq} ACK`],
          ],
          body: '',
        };
        dialog = { remoteTarget, toHeader, routes, ack };
        sip.send(ack, dialogDestination());
        try {
          answer = parseSdpAnswer(response.body);
        } catch (error) {
          await bye();
          return fail(error);
        }
        state = 'answered';
        if (ringTimer) clearTimeout(ringTimer);
        subscriber.next({
          type: 'answered',
          codec: answer.codec,
          remoteMedia: { host: answer.address, port: answer.port },
        });
        if (hangUpRequested) return void (await hangUpNow());
        if (options.dtmf) queueDtmf(options.dtmf);
        if (options.dtmf$) subs.push(options.dtmf$.subscribe((keys) => queueDtmf(keys)));
        return;
      }

      function queueDtmf(keys: string): void {
        dtmfChain = dtmfChain.then(() => playDtmf(keys)).catch((error) => fail(error));
      }
      async function playDtmf(keys: string): Promise<void> {
        if (state !== 'answered' || !answer) return;
        const payloadType = answer.telephoneEventPayloadType;
        if (payloadType === undefined)
          throw new SipError('The far end did not accept telephone-event: DTMF cannot be sent', 488);
        if (!dtmfSocket) dtmfSocket = await bindUdp(local.host);
        const socket = dtmfSocket;
        const schedule = dtmfPackets(keys, {
          payloadType,
          ssrc: rtpSsrc,
          sequenceNumber: rtpSequence,
          timestamp: rtpTimestamp,
        });
        const began = Date.now();
        for (const { atMs, packet } of schedule) {
          const wait = began + atMs - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (state !== 'answered' || dtmfSocket !== socket) return;
          socket.send(encodeRtpPacket(packet), answer.port, answer.address);
          rtpSequence = (packet.sequenceNumber + 1) & 0xffff;
        }
        rtpTimestamp = (rtpTimestamp + Math.round(((Date.now() - began) * 8000) / 1000)) >>> 0;
        subscriber.next({ type: 'dtmf_sent', keys });
      }
      async function bye(): Promise<void> {
        if (!dialog) return;
        cseq += 1;
        const request: SipRequest = {
          kind: 'request',
          method: 'BYE',
          uri: dialog.remoteTarget,
          headers: [
            ['Via', via()],
            ['Max-Forwards', '70'],
            ...dialog.routes.map((r): SipHeader => ['Route', `<${r}>`]),
            ['From', fromHeader],
            ['To', dialog.toHeader],
            ['Call-ID', callId],
            ['CSeq', `${cseq} BYE`],
            ['User-Agent', 'Parley'],
          ],
          body: '',
        };
        const limit = options.hangUpTimeoutMs ?? 4000;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          sendNonInviteRequest(sip, request, dialogDestination(), timers).catch(() => undefined),
          new Promise((resolve) => {
            timer = setTimeout(resolve, limit);
          }),
        ]);
        clearTimeout(timer);
      }
      async function hangUpNow(): Promise<void> {
        if (state !== 'answered') return;
        state = 'ending';
        await bye();
        end('local', 'hung up');
      }
    };

    let hangUpAnswered: (() => Promise<void>) | undefined;
    let cancelInvite: (() => Promise<void>) | undefined;
    let bestEffortBye: (() => void) | undefined;
    if (options.hangUp) {
      subs.push(
        from(options.hangUp as Observable<unknown>).subscribe(() => {
          if (state === 'done' || hangUpRequested) return;
          hangUpRequested = true;
          if (state === 'answered') void hangUpAnswered?.();
          // A CANCEL may only follow a provisional response (RFC 3261 9.1); until then, just stop.
          else if (state === 'inviting' && invite?.state === 'proceeding') void cancelInvite?.();
          else if (state === 'starting' || state === 'inviting')
            end('local', 'hung up before the far end answered');
        }),
      );
    }

    start().catch((error) => fail(error));
    return () => {
      if (state === 'done') return;
      bestEffortBye?.();
      state = 'done';
      // The BYE above is queued on the socket before it closes.
      setImmediate(() => void release());
    };
  });
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

/** A response to a request (RFC 3261 8.2.6): Via, From, To, Call-ID and CSeq copied; To gets a tag. */
function responseTo(request: SipRequest, status: number, reason: string): SipResponse {
  const copied = request.headers.filter(([n]) =>
    ['via', 'from', 'to', 'call-id', 'cseq'].includes(n.toLowerCase()),
  );
  const headers = copied.map(
    ([n, v]): SipHeader =>
      n.toLowerCase() === 'to' && headerParam(v, 'tag') === undefined
        ? [n, `${v};tag=${randomBytes(4).toString('hex')}`]
        : [n, v],
  );
  return { kind: 'response', status, reason, headers: [...headers, ['User-Agent', 'Parley']], body: '' };
}

/** Where to answer a request: the top Via's `received`/`rport`, else its sent-by (RFC 3261 18.2.2, RFC 3581). */
function viaAddress(request: SipRequest): SipAddress | undefined {
  const via = headerValues(request, 'Via')[0];
  const sentBy = via ? /^SIP\/2\.0\/UDP\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?/i.exec(via) : null;
  if (!via || !sentBy) return undefined;
  const host = headerParam(via, 'received') || (sentBy[1] as string).replace(/^\[|\]$/g, '');
  const rport = headerParam(via, 'rport');
  return { host, port: Number(rport || sentBy[2] || DEFAULT_PORT) };
}

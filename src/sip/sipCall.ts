import { from, Observable } from 'rxjs';
import { OutboundCall } from './OutboundCall.ts';
import type { SipCallEvent } from './SipCallEvent.ts';
import type { SipCallOptions } from './SipCallOptions.ts';
import { DEFAULT_SIP_TIMERS } from './SipTimers.ts';
import { parseSipUri } from './SipUri.ts';

export type { SipCallEvent } from './SipCallEvent.ts';
export type { SipCallOptions } from './SipCallOptions.ts';

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
 *
 * @throws ValidationError (at once, not on subscription) when `target` or `proxy` is not a SIP URI.
 */
export function sipCall(options: SipCallOptions): Observable<SipCallEvent> {
  const { proxy, hangUp, timers, ...rest } = options;
  const targetUri = parseSipUri(options.target, 'SIP call target');
  const proxyUri = proxy === undefined ? undefined : parseSipUri(proxy, 'SIP proxy');
  const resolved = {
    ...rest,
    targetUri,
    ...(proxyUri === undefined ? {} : { proxyUri }),
    timers: { ...DEFAULT_SIP_TIMERS, ...timers },
  };
  return new Observable<SipCallEvent>((subscriber) => {
    const call = new OutboundCall(resolved, subscriber);
    const hangUpSubscription =
      hangUp === undefined ? undefined : from(hangUp as Observable<unknown>).subscribe(() => call.hangUp());
    call.start();
    return () => {
      hangUpSubscription?.unsubscribe();
      call.abandon();
    };
  });
}

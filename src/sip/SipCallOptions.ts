import type { Observable } from 'rxjs';
import type { SipCredentials } from './digestAuthorization.ts';
import type { SipTimers } from './SipTimers.ts';
import type { SipAudioCodec } from './sdp.ts';

/** Options of `sipCall`. */
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

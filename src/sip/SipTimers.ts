/** RFC 3261 17 transaction timer bases, in milliseconds. */
export interface SipTimers {
  /** RTT estimate (default 500). */
  t1: number;
  /** Longest interval between non-INVITE retransmissions (default 4000). */
  t2: number;
}

/** The RFC 3261 defaults (table 4). */
export const DEFAULT_SIP_TIMERS: Readonly<SipTimers> = Object.freeze({ t1: 500, t2: 4000 });

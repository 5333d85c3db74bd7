import type { RetryPolicy } from '../client/RetryPolicy.ts';
import type { TokenSource } from '../streaming/TokenSource.ts';

/** Where the Telephony API is and how to authenticate (any server of the API: Parley's or Symbl's). */
export interface TelephonyClientOptions {
  /** `https://api.symbl.ai`, or a Parley server's `http://127.0.0.1:port`. */
  baseUrl: string;
  /** Access token, or a function giving one (called before each request and socket). */
  token: TokenSource;
  /** Longest wait for `endpoint:connect` (a start waits for the far end to answer), ms (default 90 s). */
  requestTimeoutMs?: number;
  /**
   * Retry policy of the requests; unset fields keep the client's defaults. A start is retried only
   * after a 429 (the server may have dialled otherwise).
   */
  retry?: Partial<RetryPolicy>;
}

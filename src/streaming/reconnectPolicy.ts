import { z } from 'zod';
import { ParleyError } from '../errors/ParleyError.ts';
import { WebSocketClosedError } from '../errors/WebSocketClosedError.ts';
import { parse } from '../model/parse.ts';

/** Defaults applied to `reconnect: true` and to every field left out. */
export const DEFAULT_RECONNECT = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 250,
  maxDelayMs: 5000,
  replayMs: 60_000,
});

/** Options of a session's opt-in reconnection after a dropped connection. */
export const ReconnectOptions = z.object({
  /** Attempts in a row before the session errors with the last failure (default 5). */
  maxAttempts: z.int().min(1).default(DEFAULT_RECONNECT.maxAttempts),
  /** First backoff ceiling, doubled per attempt, in ms (default 250). */
  initialDelayMs: z.number().min(0).default(DEFAULT_RECONNECT.initialDelayMs),
  /** Largest backoff ceiling, in ms (default 5000). */
  maxDelayMs: z.number().min(0).default(DEFAULT_RECONNECT.maxDelayMs),
  /** Most unacknowledged audio kept for replay, in ms (default 60000); older audio is forgotten. */
  replayMs: z.number().positive().default(DEFAULT_RECONNECT.replayMs),
});
export type ReconnectOptions = z.input<typeof ReconnectOptions>;

/** {@link ReconnectOptions} with every default applied. */
export type ReconnectPolicy = z.output<typeof ReconnectOptions>;

/** The policy for `reconnect: boolean | ReconnectOptions`, or undefined when off. */
export function reconnectPolicy(option: boolean | ReconnectOptions | undefined): ReconnectPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  return parse(ReconnectOptions, option === true ? {} : option, 'streaming reconnect options');
}

/**
 * Close codes after which reconnecting may help: going away (1001), no status / abnormal
 * (1005, 1006), server error and restarts (1011-1014), and 3006, the code Symbl's JavaScript SDK
 * closes with when a pong is missing. A normal close (1000) or a policy/protocol rejection (1002,
 * 1003, 1007, 1008, 4xxx) will not get better by retrying.
 */
export function isReconnectableClose(code: number): boolean {
  return code === 1001 || code === 1005 || code === 1006 || (code >= 1011 && code <= 1014) || code === 3006;
}

/**
 * Whether a dropped connection deserves another attempt: a WebSocketClosedError (a close with no
 * other cause) by its close code, any other typed failure by its `retryable`, anything else by
 * `closeCode` when one is given.
 */
export function isReconnectable(failure: unknown, closeCode?: number): boolean {
  if (failure instanceof WebSocketClosedError) return isReconnectableClose(failure.closeCode);
  if (failure instanceof ParleyError) return failure.retryable;
  return closeCode !== undefined && isReconnectableClose(closeCode);
}

/**
 * Backoff before attempt `attempt` (1-based): "full jitter", a uniform draw below
 * `min(maxDelayMs, initialDelayMs * 2^(attempt-1))`, so that many clients dropped together do not
 * reconnect together. `random` is injectable for tests.
 */
export function backoffDelayMs(
  policy: ReconnectPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

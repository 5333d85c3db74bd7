import { ParleyError } from '../errors/ParleyError.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/** Options of a session's opt-in reconnection after a dropped connection. */
export interface ReconnectOptions {
  /** Attempts in a row before the session errors with the last failure (default 5). */
  maxAttempts?: number;
  /** First backoff ceiling, doubled per attempt, in ms (default 250). */
  initialDelayMs?: number;
  /** Largest backoff ceiling, in ms (default 5000). */
  maxDelayMs?: number;
  /** Most unacknowledged audio kept for replay, in ms (default 60000); older audio is forgotten. */
  replayMs?: number;
}

/** {@link ReconnectOptions} with every default applied. */
export type ReconnectPolicy = Required<ReconnectOptions>;

/** Defaults applied to `reconnect: true`. */
export const DEFAULT_RECONNECT: Readonly<ReconnectPolicy> = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 250,
  maxDelayMs: 5000,
  replayMs: 60_000,
});

/** The policy for `reconnect: boolean | ReconnectOptions`, or undefined when off. */
export function reconnectPolicy(option: boolean | ReconnectOptions | undefined): ReconnectPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  const policy = { ...DEFAULT_RECONNECT, ...(option === true ? {} : option) };
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    issues.push({
      path: 'reconnect.maxAttempts',
      message: `must be a positive integer, got ${policy.maxAttempts}`,
    });
  for (const key of ['initialDelayMs', 'maxDelayMs'] as const) {
    if (!(policy[key] >= 0))
      issues.push({ path: `reconnect.${key}`, message: `must be >= 0, got ${policy[key]}` });
  }
  if (!(policy.replayMs > 0))
    issues.push({ path: 'reconnect.replayMs', message: `must be positive, got ${policy.replayMs}` });
  if (issues.length > 0) throw new ValidationError('streaming options', issues);
  return policy;
}

/**
 * Close codes after which reconnecting may help: going away (1001), no status / abnormal
 * (1005, 1006), server error and restarts (1011-1014), and JS's missing-pong code 3006. A normal
 * close (1000) or a policy/protocol rejection (1002, 1003, 1007, 1008, 4xxx) will not get better by
 * retrying.
 */
export function isReconnectableClose(code: number): boolean {
  return code === 1001 || code === 1005 || code === 1006 || (code >= 1011 && code <= 1014) || code === 3006;
}

/** Whether a failure (typed error with `retryable`, or a close code) deserves another attempt. */
export function isReconnectable(failure: unknown, closeCode: number): boolean {
  if (failure instanceof ParleyError) return failure.retryable;
  return isReconnectableClose(closeCode);
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

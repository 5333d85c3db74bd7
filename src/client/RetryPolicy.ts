/**
 * When and how often a failed request is tried again. Plain data, so it can be logged, compared
 * and overridden one field at a time (`createClient({ retry: { maxRetries: 0 } })`).
 *
 * - 429 answers are retried for every method: the server refused the request, nothing happened.
 * - 5xx answers, dropped connections and timeouts are retried only for idempotent requests
 *   (reads, metadata and member updates); a job submission that failed half-way is not repeated,
 *   since the server may have created the job.
 * - A request whose body is a caller's Readable is never retried (the stream cannot be replayed);
 *   files given by path and Buffers are.
 */
export interface RetryPolicy {
  /** Attempts after the first (default 3; 0 turns retrying off). */
  maxRetries: number;
  /** Delay before the first retry (default 500 ms); doubles by `factor` each time. */
  minDelayMs: number;
  /** Longest delay between attempts (default 30 s). */
  maxDelayMs: number;
  /** Growth of the delay per attempt (default 2). */
  factor: number;
  /** Statuses that are retried (default 429, 500, 502, 503, 504). */
  statusCodes: readonly number[];
  /**
   * A `Retry-After` longer than this ends the retries with the RateLimitError/HttpError (default
   * 60 s): waiting minutes inside one call is worse than telling the caller.
   */
  maxRetryAfterMs: number;
}

/** The defaults documented on {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  factor: 2,
  statusCodes: Object.freeze([429, 500, 502, 503, 504]),
  maxRetryAfterMs: 60_000,
});

/**
 * The wait before retry number `attempt` (1-based): exponential backoff with full jitter, but
 * never shorter than the server's `Retry-After`.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** (attempt - 1));
  const backoff = policy.minDelayMs + random() * Math.max(0, ceiling - policy.minDelayMs);
  return Math.max(Math.round(backoff), retryAfterMs ?? 0);
}

/**
 * Reads `Retry-After`: delay-seconds (`"2"`) or an HTTP date. Undefined when absent or
 * unreadable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

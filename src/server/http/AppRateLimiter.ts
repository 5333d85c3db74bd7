import { RateLimitError } from '../../errors/RateLimitError.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';

/** Requests one app may make per window; `requests: 0` turns the limit off. */
export interface AppRateLimit {
  requests: number;
  windowSeconds: number;
}

/** What one request learned of its app's limit: the `RateLimit*` headers, and whether it may go on. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** When refused: milliseconds until the window ends. */
  retryAfterMs: number;
}

interface AppWindow {
  start: number;
  /** The window's total over every node, as of the last count the store returned. */
  counted: number;
  /** Requests admitted here since then, not yet added to the store. */
  pending: number;
}

/**
 * Per-app request rate limits in fixed windows, shared through the store by every node: each
 * request is decided here at once, from the total the store last returned plus what this node
 * admitted since; admitted requests are added to the store in batches (every `flushMs`), so a
 * request costs no write of its own. One node alone is exact; several may together admit up to one
 * batch interval's worth of requests past the limit. Answers carry the IETF draft headers:
 * `RateLimit-Policy: "app";q=<requests>;w=<seconds>` and `RateLimit: "app";r=<left>;t=<seconds>`.
 */
export class AppRateLimiter {
  readonly #store: Store;
  readonly #limit: AppRateLimit;
  readonly #logger: Logger;
  readonly #flushMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, AppWindow>();
  readonly #policy: string;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    store: Store,
    limit: AppRateLimit,
    options: { logger: Logger; flushMs?: number; now?: () => number },
  ) {
    this.#store = store;
    this.#limit = limit;
    this.#logger = options.logger;
    this.#flushMs = options.flushMs ?? 100;
    this.#now = options.now ?? Date.now;
    this.#policy = `"app";q=${limit.requests};w=${limit.windowSeconds}`;
  }

  /** Admits one request of `appId`, or refuses it. */
  take(appId: string): RateDecision {
    if (this.#limit.requests <= 0) return { allowed: true, headers: {}, retryAfterMs: 0 };
    const now = this.#now();
    const windowMs = this.#limit.windowSeconds * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    let window = this.#windows.get(appId);
    if (window === undefined || window.start !== start) {
      window = { start, counted: 0, pending: 0 };
      this.#windows.set(appId, window);
    }
    const used = window.counted + window.pending;
    const allowed = used < this.#limit.requests;
    if (allowed) {
      window.pending += 1;
      this.#timer ??= setTimeout(() => this.#flush(), this.#flushMs);
    }
    const resetMs = start + windowMs - now;
    const left = Math.max(0, this.#limit.requests - used - (allowed ? 1 : 0));
    return {
      allowed,
      retryAfterMs: allowed ? 0 : resetMs,
      headers: {
        'ratelimit-policy': this.#policy,
        ratelimit: `"app";r=${left};t=${Math.ceil(resetMs / 1000)}`,
      },
    };
  }

  /** Adds what is pending to the store now (on shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#flush();
  }

  #flush(): Promise<void> {
    this.#timer = undefined;
    this.#flushing = this.#flushing.then(async () => {
      const current = Math.floor(this.#now() / (this.#limit.windowSeconds * 1000));
      for (const [appId, window] of this.#windows) {
        const added = window.pending;
        if (added === 0) {
          if (Math.floor(window.start / (this.#limit.windowSeconds * 1000)) < current)
            this.#windows.delete(appId);
          continue;
        }
        window.pending = 0;
        try {
          window.counted = await this.#store.countRequests(appId, window.start, added);
        } catch (error) {
          // Keep deciding locally; the requests count again at the next flush.
          window.pending += added;
          this.#logger.log('warn', 'http.rate_count_failed', { appId, error });
        }
      }
    });
    return this.#flushing;
  }
}

/** The 429 of a refused request. */
export function rateLimited(decision: RateDecision): RateLimitError {
  return new RateLimitError(
    "Too many requests for this app; retry after the window's end.",
    decision.retryAfterMs,
  );
}

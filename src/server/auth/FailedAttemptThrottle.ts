/** Options of {@link FailedAttemptThrottle}. */
export interface FailedAttemptThrottleOptions {
  /** Failures one client may have in a window before it is refused until the window ends (default 10). */
  maxFailures?: number;
  /** Window length (default 60 s). */
  windowMs?: number;
  /** Clients remembered at once (default 100,000); the oldest window is forgotten first. */
  maxClients?: number;
  /** Clock (epoch ms); a test seam. */
  now?: () => number;
}

/**
 * Counts failed credential checks per client (its address) in fixed windows: past `maxFailures`
 * in a window the client is refused, without the expensive check, until the window ends. Kept in
 * this process: a restart forgets it, and each node of several counts its own clients (a guessing
 * client gains little from either, since app secrets are 128 random characters).
 */
export class FailedAttemptThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxClients: number;
  readonly #now: () => number;
  readonly #clients = new Map<string, { windowEnds: number; failures: number }>();

  constructor(options: FailedAttemptThrottleOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxClients = options.maxClients ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until `client` may try again, or 0 when it may now. */
  blockedFor(client: string): number {
    const entry = this.#clients.get(client);
    if (entry === undefined) return 0;
    const left = entry.windowEnds - this.#now();
    if (left <= 0) {
      this.#clients.delete(client);
      return 0;
    }
    return entry.failures >= this.#maxFailures ? left : 0;
  }

  /** Counts one failure of `client`. */
  failed(client: string): void {
    const now = this.#now();
    const entry = this.#clients.get(client);
    if (entry !== undefined && entry.windowEnds > now) {
      entry.failures += 1;
      return;
    }
    this.#clients.delete(client);
    this.#clients.set(client, { windowEnds: now + this.#windowMs, failures: 1 });
    if (this.#clients.size > this.#maxClients) {
      const oldest = this.#clients.keys().next().value;
      if (oldest !== undefined) this.#clients.delete(oldest);
    }
  }
}

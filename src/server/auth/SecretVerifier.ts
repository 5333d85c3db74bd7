import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { hashSecret, secretMatches } from './secretHash.ts';

/** Options of {@link SecretVerifier}. */
export interface SecretVerifierOptions {
  /**
   * scrypt computations at once (default: half the cores, at least one), so a flood of guesses
   * leaves cores to the event loop and threads to libuv's pool (4, shared with files and DNS).
   */
  concurrency?: number;
  /** Verifications waiting for a turn before more are refused with 429 (default 64). */
  maxWaiting?: number;
  /** Secrets remembered as verified (default 10,000 apps). */
  cacheSize?: number;
}

/**
 * Checks app secrets against their stored scrypt hashes without blocking the event loop: scrypt
 * runs on the thread pool, a few at a time, and a secret once verified is remembered (as an HMAC
 * under a key of this process, next to the hash it matched) so the same app asking again costs
 * one HMAC. An app that does not exist is checked against a hash of a random secret: the same
 * work, the same time, so answers do not tell which app ids exist.
 */
export class SecretVerifier {
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  readonly #cacheSize: number;
  readonly #cacheKey = randomBytes(32);
  /** stored hash -> HMAC of the secret that matched it. */
  readonly #verified = new Map<string, Buffer>();
  readonly #waiting: Array<() => void> = [];
  /** The hash an unknown app's secret is checked against. */
  readonly #decoy = hashSecret(randomBytes(32).toString('hex'));
  #running = 0;

  constructor(options: SecretVerifierOptions = {}) {
    this.#concurrency = Math.max(1, options.concurrency ?? Math.floor(availableParallelism() / 2));
    this.#maxWaiting = options.maxWaiting ?? 64;
    this.#cacheSize = options.cacheSize ?? 10_000;
  }

  /** Whether `secret` is the one already verified against `storedHash` (no scrypt). */
  remembered(secret: string, storedHash: string): boolean {
    const known = this.#verified.get(storedHash);
    return known !== undefined && timingSafeEqual(known, this.#mac(secret));
  }

  /**
   * Whether `secret` matches `storedHash`; with no hash (unknown app) the answer is false after the
   * same work.
   * @throws RateLimitError when too many verifications are already waiting.
   */
  async verify(secret: string, storedHash: string | undefined): Promise<boolean> {
    if (storedHash !== undefined && this.remembered(secret, storedHash)) return true;
    await this.#turn();
    try {
      const matches = await secretMatches(secret, storedHash ?? this.#decoy);
      if (matches && storedHash !== undefined) this.#remember(storedHash, secret);
      return matches && storedHash !== undefined;
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }

  #turn(): Promise<void> {
    if (this.#running < this.#concurrency) {
      this.#running += 1;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.#maxWaiting)
      throw new RateLimitError('Too many token requests at once; retry in a second.', 1000);
    return new Promise((resolve) =>
      this.#waiting.push(() => {
        this.#running += 1;
        resolve();
      }),
    );
  }

  #remember(storedHash: string, secret: string): void {
    this.#verified.delete(storedHash);
    this.#verified.set(storedHash, this.#mac(secret));
    if (this.#verified.size > this.#cacheSize) {
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
  }

  #mac(secret: string): Buffer {
    return createHmac('sha256', this.#cacheKey).update(secret).digest();
  }
}

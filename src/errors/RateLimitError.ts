import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** Too many requests or jobs at once (HTTP 429). `retryAfterMs` comes from `Retry-After`. */
export class RateLimitError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_RATE_LIMITED';
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs?: number, options: ParleyErrorOptions = {}) {
    super(RateLimitError.code, message, { status: 429, retryable: true, ...options });
    this.retryAfterMs = retryAfterMs;
  }
}

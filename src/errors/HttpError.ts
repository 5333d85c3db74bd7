import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/**
 * A server answered with a status Parley has no more specific class for. 5xx answers are
 * retryable; `body` holds what the server said, parsed as JSON when it was JSON.
 */
export class HttpError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_HTTP';
  readonly body: unknown;

  constructor(status: number, message: string, body?: unknown, options: ParleyErrorOptions = {}) {
    super(HttpError.code, message, { status, retryable: status >= 500, ...options });
    this.body = body;
  }
}

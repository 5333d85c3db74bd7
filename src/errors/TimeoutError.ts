import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A bounded wait ran out: a request, a job deadline, a session handshake or a flush. */
export class TimeoutError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_TIMEOUT';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(TimeoutError.code, message, { retryable: true, ...options });
  }
}

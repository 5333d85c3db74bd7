import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A network connection could not be made or broke before the exchange finished. */
export class ConnectionError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_CONNECTION';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(ConnectionError.code, message, { retryable: true, ...options });
  }
}

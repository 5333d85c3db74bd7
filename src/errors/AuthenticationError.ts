import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** Credentials are missing, wrong, or the token has expired or cannot be verified. */
export class AuthenticationError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_AUTH';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(AuthenticationError.code, message, { status: 401, retryable: false, ...options });
  }
}

import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** The conversation, job, connection or other resource does not exist (or belongs to another app). */
export class NotFoundError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_NOT_FOUND';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(NotFoundError.code, message, { status: 404, retryable: false, ...options });
  }
}

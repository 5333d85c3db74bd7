import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** The request conflicts with the resource's current state (for example appending to a conversation being processed). */
export class ConflictError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_CONFLICT';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(ConflictError.code, message, { status: 409, retryable: false, ...options });
  }
}

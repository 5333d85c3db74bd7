import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A bounded buffer filled up and its overflow policy is to fail rather than drop. */
export class BufferOverflowError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_BUFFER_OVERFLOW';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(BufferOverflowError.code, message, { retryable: false, ...options });
  }
}

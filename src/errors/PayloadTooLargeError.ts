import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A body, file, frame or audio duration is over the configured limit. */
export class PayloadTooLargeError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_PAYLOAD_TOO_LARGE';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(PayloadTooLargeError.code, message, { status: 413, retryable: false, ...options });
  }
}

import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** The caller cancelled the operation (unsubscribed or aborted its signal). */
export class AbortError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_ABORTED';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(AbortError.code, message, { retryable: false, ...options });
  }
}

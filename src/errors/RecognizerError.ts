import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** The speech recogniser failed to start or to decode. */
export class RecognizerError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_RECOGNIZER';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(RecognizerError.code, message, { retryable: false, ...options });
  }
}

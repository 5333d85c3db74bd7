import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** Input bytes are not audio or video Parley can decode (empty, truncated, wrong header, unknown format). */
export class UnsupportedMediaError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_UNSUPPORTED_MEDIA';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(UnsupportedMediaError.code, message, { status: 400, retryable: false, ...options });
  }
}

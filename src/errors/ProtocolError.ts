import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** A peer sent a frame or message that breaks the wire contract. */
export class ProtocolError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_PROTOCOL';

  constructor(message: string, options: ParleyErrorOptions = {}) {
    super(ProtocolError.code, message, { retryable: false, ...options });
  }
}

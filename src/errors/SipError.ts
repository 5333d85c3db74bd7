import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/**
 * A SIP call could not be set up or ended abnormally: `sipStatus` is the far end's final response
 * (486 Busy Here, 404 Not Found, ...), or undefined when no response came.
 */
export class SipError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_SIP';
  readonly sipStatus: number | undefined;

  constructor(message: string, sipStatus?: number, options: ParleyErrorOptions = {}) {
    super(SipError.code, message, { retryable: sipStatus === 486 || sipStatus === 503, ...options });
    this.sipStatus = sipStatus;
  }
}

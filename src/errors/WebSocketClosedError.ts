import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/**
 * A WebSocket closed before the exchange was complete (before `started`, or before
 * `conversation_completed`). `closeCode` and `closeReason` are the peer's; 1006 means the socket
 * dropped without a close frame. Abnormal closes (1006, 1011-1014) are retryable.
 */
export class WebSocketClosedError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_WS_CLOSED';
  readonly closeCode: number;
  readonly closeReason: string;

  constructor(closeCode: number, closeReason = '', options: ParleyErrorOptions = {}) {
    super(
      WebSocketClosedError.code,
      `WebSocket closed with code ${closeCode}${closeReason ? ` (${closeReason})` : ''}`,
      { retryable: closeCode === 1006 || (closeCode >= 1011 && closeCode <= 1014), ...options },
    );
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }
}

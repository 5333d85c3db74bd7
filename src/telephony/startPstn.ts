import type { Observable } from 'rxjs';
import { connectTelephony, type TelephonyConnectOptions } from './connectTelephony.ts';
import type { TelephonyConnectionEvent } from './TelephonyConnectionEvent.ts';

/** The phone number to dial. */
export interface PstnTarget {
  /** With country code, `+14155550123` or `14155550123`. */
  phoneNumber: string;
  /** Keys sent once connected; `,` waits 500 ms (`,,{meetingId}#,,{passcode}#`). */
  dtmf?: string;
}

/**
 * Has the server dial a phone number (through its SIP trunk) and stream the call's results (see
 * {@link connectTelephony}). A server without a trunk refuses with a ValidationError saying so.
 */
export function startPstn(
  target: PstnTarget,
  options: TelephonyConnectOptions,
): Observable<TelephonyConnectionEvent> {
  return connectTelephony({ type: 'pstn', ...target }, options);
}

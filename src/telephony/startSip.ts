import type { Observable } from 'rxjs';
import type { SipAudioConfig } from '../model/telephony.ts';
import { connectTelephony, type TelephonyConnectOptions } from './connectTelephony.ts';
import type { TelephonyConnectionEvent } from './TelephonyConnectionEvent.ts';

/** The SIP endpoint to call. */
export interface SipTarget {
  /** `sip:8021@sip.example.com` */
  uri: string;
  /** Default on the server: PCMU at 8000 Hz. */
  audioConfig?: SipAudioConfig;
  providerName?: string;
}

/**
 * Has the server call a SIP URI and stream the call's results (see {@link connectTelephony}).
 * @example
 * startSip({ uri: 'sip:8021@pbx.example.com' }, { baseUrl, token, hangUp: ctrlC$ })
 *   .pipe(results(), transcript({ final: true }))
 *   .subscribe((line) => console.log(line.text));
 */
export function startSip(
  target: SipTarget,
  options: TelephonyConnectOptions,
): Observable<TelephonyConnectionEvent> {
  return connectTelephony({ type: 'sip', ...target }, options);
}

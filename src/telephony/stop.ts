import { defer, type Observable } from 'rxjs';
import { TelephonyStopResponse } from '../model/telephony.ts';
import { postEndpointConnect } from './postEndpointConnect.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';
import { telephonyTransport } from './telephonyTransport.ts';

/**
 * Stops a telephony connection by id (hang up, finalise) and emits the stop response with the
 * conversation id. Cold: the request is sent on subscription, and unsubscribing aborts it.
 * NotFoundError for an unknown id.
 */
export function stop(
  connectionId: string,
  options: TelephonyClientOptions,
): Observable<TelephonyStopResponse> {
  return defer(() =>
    postEndpointConnect(
      telephonyTransport(options),
      { operation: 'stop', connectionId },
      TelephonyStopResponse,
      'endpoint:connect stop response',
    ),
  );
}

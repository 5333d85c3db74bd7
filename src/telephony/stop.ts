import { defer, type Observable } from 'rxjs';
import { parse } from '../model/parse.ts';
import { TelephonyStopResponse } from '../model/telephony.ts';
import { postEndpointConnect } from './postEndpointConnect.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';

/**
 * Stops a telephony connection by id (hang up, finalise) and emits the stop response with the
 * conversation id. Cold: the request is sent on subscription. NotFoundError for an unknown id.
 */
export function stop(
  connectionId: string,
  options: TelephonyClientOptions,
): Observable<TelephonyStopResponse> {
  return defer(() =>
    postEndpointConnect(options, { operation: 'stop', connectionId }).then((body) =>
      parse(TelephonyStopResponse, body, 'endpoint:connect stop response'),
    ),
  );
}

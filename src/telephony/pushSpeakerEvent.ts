import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import { ConfirmationMessage } from '../model/conversationCommon.ts';
import { parse } from '../model/parse.ts';
import { SpeakerEvent } from '../model/telephony.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';
import { telephonyTransport } from './telephonyTransport.ts';

/**
 * Tells the server who speaks on a telephony connection (`POST /v1/event/{connectionId}`): what
 * is said after `started_speaking` is attributed to `user` until the next event. `timestamp`
 * defaults to now. Emits the server's confirmation and completes (the JavaScript SDK's
 * `pushEventOnConnection` never settles). A malformed event is a ValidationError before anything
 * is sent; an unknown connection a NotFoundError. Cold: sent on subscription.
 */
export function pushSpeakerEvent(
  connectionId: string,
  event: Omit<z.input<typeof SpeakerEvent>, 'topic'> & { topic?: 'speaker' },
  options: TelephonyClientOptions,
): Observable<ConfirmationMessage> {
  const body = parse(SpeakerEvent, { topic: 'speaker', ...event }, 'speaker event');
  return defer(() =>
    telephonyTransport(options).request(
      {
        method: 'POST',
        path: `/v1/event/${encodeURIComponent(connectionId)}`,
        json: { ...body, timestamp: body.timestamp ?? new Date().toISOString() },
      },
      ConfirmationMessage,
      'speaker event response',
    ),
  );
}

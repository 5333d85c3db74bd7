import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { parse } from '../model/parse.ts';
import { SpeakerEventsRequest, SpeakerEventsResponse } from '../model/speakerEvents.ts';
import { conversationPath } from './conversationPath.ts';

/** `{ speakerEvents: [{ type, user: { id, name?, email? }, offset: { seconds, nanos } }] }`. */
export type SpeakerEventsInput = z.input<typeof SpeakerEventsRequest>;

/**
 * `PUT /v1/conversations/{id}/speakers`: re-attributes the transcript from a speaker timeline
 * (`started_speaking` / `stopped_speaking` events with offsets from the start). Python SDK:
 * `put_speakers_events(conversation_id, parameters)`.
 */
export function updateSpeakerEvents(
  http: HttpTransport,
  conversationId: string,
  events: SpeakerEventsInput,
): Observable<SpeakerEventsResponse> {
  // Checked on subscribe, so a bad body arrives in the error channel like any other failure.
  return defer(() => {
    const json = parse(SpeakerEventsRequest, events, 'speaker events');
    return http.request(
      { method: 'PUT', path: conversationPath(conversationId, 'speakers'), json },
      SpeakerEventsResponse,
      'speaker events response',
    );
  });
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { TrackersDetectedResponseAnyShape } from '../model/trackersDetected.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/trackers-detected`: the trackers that fired, each with the messages
 * and insights that matched (`offset: -1` marks a non-exact match). Always an array, also when a
 * server answers with a single object. Python SDK: `get_trackers(conversation_id)`.
 */
export function getTrackers(
  http: HttpTransport,
  conversationId: string,
): Observable<TrackersDetectedResponseAnyShape> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'trackers-detected') },
    TrackersDetectedResponseAnyShape,
    'detected trackers',
  );
}

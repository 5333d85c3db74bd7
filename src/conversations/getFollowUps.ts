import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { FollowUpsResponse } from '../model/insights.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/follow-ups`: action items that follow up on a request (send an email, call back, set up a meeting). Python SDK: `get_follow_ups(conversation_id)`.
 */
export function getFollowUps(http: HttpTransport, conversationId: string): Observable<FollowUpsResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'follow-ups') },
    FollowUpsResponse,
    'follow-ups',
  );
}

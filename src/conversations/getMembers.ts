import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { MembersResponse } from '../model/members.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/members`: the speakers of the conversation. Python SDK: `get_members(conversation_id)`.
 */
export function getMembers(http: HttpTransport, conversationId: string): Observable<MembersResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'members') },
    MembersResponse,
    'members',
  );
}

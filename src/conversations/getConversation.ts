import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { Conversation } from '../model/conversation.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}`: name, type, start and end, members and metadata. Python SDK:
 * `get_conversation(conversation_id)`.
 */
export function getConversation(http: HttpTransport, conversationId: string): Observable<Conversation> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId) },
    Conversation,
    'conversation',
  );
}

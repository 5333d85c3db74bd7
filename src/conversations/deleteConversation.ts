import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ConversationDeleteResponse } from '../model/conversation.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `DELETE /v1/conversations/{id}`: removes the conversation and everything under it. An unknown id
 * errors with NotFoundError. Python SDK 2.0.6: `delete_conversation(conversation_id)`.
 */
export function deleteConversation(
  http: HttpTransport,
  conversationId: string,
): Observable<ConversationDeleteResponse> {
  return http.request(
    { method: 'DELETE', path: conversationPath(conversationId) },
    ConversationDeleteResponse,
    'delete confirmation',
  );
}

import { defer, type Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ConversationUpdateRequest, ConversationUpdateResponse } from '../model/conversation.ts';
import { parse } from '../model/parse.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `PUT /v1/conversations/{id}`: replaces the conversation's metadata (string values of at most
 * 128 characters). The body is checked before anything is sent.
 */
export function updateConversation(
  http: HttpTransport,
  conversationId: string,
  body: ConversationUpdateRequest,
): Observable<ConversationUpdateResponse> {
  // Checked on subscribe, so a bad body arrives in the error channel like any other failure.
  return defer(() => {
    const json = parse(ConversationUpdateRequest, body, 'conversation update');
    return http.request(
      { method: 'PUT', path: conversationPath(conversationId), json },
      ConversationUpdateResponse,
      'conversation update response',
    );
  });
}

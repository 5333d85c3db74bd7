import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { MessagesResponse } from '../model/messages.ts';
import { conversationPath, queryOf } from './conversationPath.ts';

/** Query of {@link getMessages}: `verbose` adds word timings, `sentiment` adds sentiment (both default false). */
export interface MessagesParameters {
  verbose?: boolean;
  sentiment?: boolean;
}

/**
 * `GET /v1/conversations/{id}/messages`: the transcript, one sentence per message, in order.
 * Python SDK: `get_messages(conversation_id, parameters={})`.
 */
export function getMessages(
  http: HttpTransport,
  conversationId: string,
  parameters: MessagesParameters = {},
): Observable<MessagesResponse> {
  const query = queryOf(parameters);
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'messages'), ...(query ? { query } : {}) },
    MessagesResponse,
    'messages',
  );
}

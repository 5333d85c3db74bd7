import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ConversationList, type ConversationListQuery } from '../model/conversation.ts';
import { queryOf } from './conversationPath.ts';

/** Query of {@link listConversations}; every field optional (server defaults: 20 items, last 7 days). */
export type ListConversationsQuery = z.input<typeof ConversationListQuery>;

/** `GET /v1/conversations`: the account's conversations, filtered and paged by `query`. */
export function listConversations(
  http: HttpTransport,
  query?: ListConversationsQuery,
): Observable<ConversationList> {
  const search = queryOf(query);
  return http.request(
    { method: 'GET', path: '/v1/conversations', ...(search === undefined ? {} : { query: search }) },
    ConversationList,
    'conversation list',
  );
}

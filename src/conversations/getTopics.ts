import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { TopicsResponse } from '../model/topics.ts';
import { conversationPath, queryOf } from './conversationPath.ts';

/**
 * Query of {@link getTopics}: `sentiment` per topic, `parentRefs` for the hierarchy (the server
 * ignores `sentiment` when both are set), `customTopicVocabulary` to favour terms, `refresh` to
 * regenerate. All default false / absent.
 */
export interface TopicsParameters {
  sentiment?: boolean;
  parentRefs?: boolean;
  customTopicVocabulary?: readonly string[];
  refresh?: boolean;
}

/**
 * `GET /v1/conversations/{id}/topics`. Python SDK: `get_topics(conversation_id, parameters={})`.
 */
export function getTopics(
  http: HttpTransport,
  conversationId: string,
  parameters: TopicsParameters = {},
): Observable<TopicsResponse> {
  const { customTopicVocabulary, ...flags } = parameters;
  const query = queryOf({
    ...flags,
    ...(customTopicVocabulary === undefined
      ? {}
      : { customTopicVocabulary: JSON.stringify(customTopicVocabulary) }),
  });
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'topics'), ...(query ? { query } : {}) },
    TopicsResponse,
    'topics',
  );
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { EntitiesResponse } from '../model/entities.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/entities`: people, organisations, dates, amounts and custom entities, each with its occurrences (empty unless detectEntities or entities was set at submit time; values stay strings). Python SDK: `get_entities(conversation_id)`.
 */
export function getEntities(http: HttpTransport, conversationId: string): Observable<EntitiesResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'entities') },
    EntitiesResponse,
    'entities',
  );
}

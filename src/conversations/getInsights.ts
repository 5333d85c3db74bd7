import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { InsightsResponse } from '../model/insights.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/insights` (legacy): action items, questions and follow-ups in one
 * list, each with its `type`.
 */
export function getInsights(http: HttpTransport, conversationId: string): Observable<InsightsResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'insights') },
    InsightsResponse,
    'insights',
  );
}

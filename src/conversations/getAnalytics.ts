import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { AnalyticsResponse } from '../model/analytics.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/analytics`: talk time, silence, overlap and pace per member and overall. Python SDK: `get_analytics(conversation_id)`.
 */
export function getAnalytics(http: HttpTransport, conversationId: string): Observable<AnalyticsResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'analytics') },
    AnalyticsResponse,
    'analytics',
  );
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { InsightsUiUrl } from '../model/other.ts';

/**
 * `GET /v1/conversations/experiences/insights/details/{id}?includeCallScore=true`: the URL of the
 * conversation's Insights UI page with its call score (the Python SDK's
 * `get_call_score_insights_url`).
 */
export function getCallScoreInsightsUrl(
  http: HttpTransport,
  conversationId: string,
): Observable<InsightsUiUrl> {
  return http.request(
    {
      method: 'GET',
      path: `/v1/conversations/experiences/insights/details/${encodeURIComponent(conversationId)}`,
      query: new URLSearchParams({ includeCallScore: 'true' }),
    },
    InsightsUiUrl,
    'insights UI URL',
  );
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { SummaryResponse } from '../model/summary.ts';
import { conversationPath, queryOf } from './conversationPath.ts';

/**
 * Query of {@link getSummary}: `refresh: true` regenerates the summary, `false` adds to it what
 * was appended since; absent returns the stored one.
 */
export interface SummaryParameters {
  refresh?: boolean;
}

/**
 * `GET /v1/conversations/{id}/summary`. Needs `enableSummary` at submit time or `refresh`;
 * errors with NotFoundError while the conversation is still being processed.
 */
export function getSummary(
  http: HttpTransport,
  conversationId: string,
  parameters: SummaryParameters = {},
): Observable<SummaryResponse> {
  const query = queryOf(parameters);
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'summary'), ...(query ? { query } : {}) },
    SummaryResponse,
    'summary',
  );
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { InsightsJobStatus } from '../model/other.ts';
import { conversationPath } from './conversationPath.ts';

/** `GET /v1/conversations/{id}/callscore/status`: `{jobId, status}` of what the call score waits for. */
export function getCallScoreStatus(
  http: HttpTransport,
  conversationId: string,
): Observable<InsightsJobStatus> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'callscore/status') },
    InsightsJobStatus,
    'call score status',
  );
}

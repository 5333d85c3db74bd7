import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { CallScore } from '../model/other.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/callscore`: the call score and each criterion's score and why.
 * Errors with NotFoundError while the conversation is still being processed.
 */
export function getCallScore(http: HttpTransport, conversationId: string): Observable<CallScore> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'callscore') },
    CallScore,
    'call score',
  );
}

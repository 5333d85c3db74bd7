import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { QuestionsResponse } from '../model/insights.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/questions`: explicit questions and requests for information, answered or not. Python SDK: `get_questions(conversation_id)`.
 */
export function getQuestions(http: HttpTransport, conversationId: string): Observable<QuestionsResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'questions') },
    QuestionsResponse,
    'questions',
  );
}

import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ActionItemsResponse } from '../model/insights.ts';
import { conversationPath } from './conversationPath.ts';

/**
 * `GET /v1/conversations/{id}/action-items`: tasks someone committed to or was asked to do, with assignee and due date when said. Python SDK: `get_action_items(conversation_id)`.
 */
export function getActionItems(http: HttpTransport, conversationId: string): Observable<ActionItemsResponse> {
  return http.request(
    { method: 'GET', path: conversationPath(conversationId, 'action-items') },
    ActionItemsResponse,
    'action items',
  );
}

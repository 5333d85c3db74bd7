import { defer, type Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { MemberUpdateResponse, memberUpdateRequestFor } from '../model/members.ts';
import { parse } from '../model/parse.ts';
import { conversationPath } from './conversationPath.ts';

/** The new details of a member: `id` must be the member's id; an email of another member merges the two. */
export interface MemberUpdate {
  id: string;
  name: string;
  email?: string;
}

/**
 * `PUT /v1/conversations/{id}/members/{memberId}`: renames a member (a diarized `Speaker 2`, say)
 * everywhere it appears. The body is checked before sending. Python SDK:
 * `put_members(conversation_id, members_id, parameters)`.
 */
export function updateMember(
  http: HttpTransport,
  conversationId: string,
  memberId: string,
  member: MemberUpdate,
): Observable<MemberUpdateResponse> {
  // Checked on subscribe, so a bad body arrives in the error channel like any other failure.
  return defer(() => {
    const json = parse(memberUpdateRequestFor(memberId), member, 'member update');
    return http.request(
      {
        method: 'PUT',
        path: conversationPath(conversationId, `members/${encodeURIComponent(memberId)}`),
        json,
      },
      MemberUpdateResponse,
      'member update response',
    );
  });
}

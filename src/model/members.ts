import { z } from 'zod';
import { ConfirmationMessage } from './conversationCommon.ts';
import { idString } from './lenient.ts';

/* GET …/members and PUT …/members/{memberId}. */

/**
 * A conversation member. Diarized speakers are named `Speaker <n>` (`n` carries no ordering);
 * `email` is present only when known.
 */
export const Member = z.looseObject({
  /** UUID, unique within the conversation. */
  id: idString,
  name: z.string(),
  email: z.string().optional(),
});
export type Member = z.infer<typeof Member>;

/** GET …/members response. */
export const MembersResponse = z.looseObject({ members: z.array(Member) });
export type MembersResponse = z.infer<typeof MembersResponse>;

/**
 * Body of PUT …/members/{memberId}. `id` must equal the path id (the server answers 400
 * otherwise, 404 for an unknown member). If `email` belongs to another member, the two are merged
 * into that existing member: every reference to `{memberId}` is rewritten and `{memberId}`
 * disappears. Unknown keys are rejected so a typo does not silently do nothing.
 */
export const MemberUpdateRequest = z.strictObject({
  id: idString,
  name: z.string().trim().min(1),
  email: z.email().optional(),
});
export type MemberUpdateRequest = z.infer<typeof MemberUpdateRequest>;

/**
 * {@link MemberUpdateRequest} for the member at `memberId` in the path: a body `id` that differs
 * is rejected at `id` (undocumented; a 400 is what a caller who mixed up two members expects).
 */
export function memberUpdateRequestFor(memberId: string) {
  return MemberUpdateRequest.refine((body) => body.id === memberId, {
    path: ['id'],
    message: `must equal the member id of the path (${memberId})`,
  });
}

/** PUT …/members/{memberId} success body. */
export const MemberUpdateResponse = ConfirmationMessage;
export type MemberUpdateResponse = z.infer<typeof MemberUpdateResponse>;

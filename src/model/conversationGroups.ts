import { z } from 'zod';
import { idString } from './lenient.ts';

/*
 * Conversation groups (`/v1/manage/group[s][/{id}]`, `/v1/groups/{groupId}/conversations`):
 * conversations gathered by an RSQL condition over their metadata.
 *
 * Requests are what a server judges and are checked with the documented rules; unknown keys are
 * stripped. Responses are loose objects so a client reading Symbl's cloud keeps what else it sends.
 */

/** A group name: at most 128 characters, no special characters except `-`, `_` and `"`. */
export const GroupName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(128, 'name is at most 128 characters')
  .regex(/^[\p{L}\p{N} _"-]+$/u, 'only letters, digits, blanks and - _ " are allowed in a group name');
export type GroupName = z.infer<typeof GroupName>;

/** Field names in an RSQL criterion: the selector before a comparison operator. */
const RSQL_SELECTOR = /([A-Za-z_][\w.]*)\s*(?:==|!=|=[a-z]+=|<=|>=|<|>)/g;

/** Whether `criteria` joins with OR (`,` or ` or ` outside quotes and parentheses). */
function hasTopLevelOr(criteria: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < criteria.length; i++) {
    const c = criteria[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ',' || /^\sor\s/i.test(criteria.slice(i, i + 4)))) return true;
  }
  return false;
}

/**
 * A group's RSQL criteria over conversation metadata, e.g.
 * `conversation.metadata.agentId==johndoe and conversation.metadata.customerId==88338833`.
 * Documented limits: no `OR`, at most 2 distinct fields.
 */
export const GroupCriteria = z
  .string()
  .trim()
  .min(1, 'criteria is required')
  .superRefine((criteria, ctx) => {
    if (hasTopLevelOr(criteria)) ctx.addIssue({ code: 'custom', message: 'OR is not supported in criteria' });
    const fields = new Set([...criteria.matchAll(RSQL_SELECTOR)].map((m) => m[1]));
    if (fields.size > 2) {
      ctx.addIssue({
        code: 'custom',
        message: `at most 2 distinct fields per criterion, got ${fields.size}`,
      });
    }
  });
export type GroupCriteria = z.infer<typeof GroupCriteria>;

/** A conversation group as the API returns it. `id` is a string (a documentation sample has a number; read as a string). */
export const ConversationGroup = z.looseObject({
  id: idString,
  name: z.string(),
  description: z.string().optional(),
  criteria: z.string(),
});
export type ConversationGroup = z.infer<typeof ConversationGroup>;

/** The body of `POST /v1/manage/group` (and one element of `POST /v1/manage/groups`). */
export const CreateGroupRequest = z.object({
  name: GroupName,
  description: z.string().max(512, 'description is at most 512 characters').optional(),
  criteria: GroupCriteria,
});
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;

/** The body of `POST /v1/manage/groups`: several groups at once. */
export const BulkCreateGroupsRequest = z.array(CreateGroupRequest).min(1, 'expected at least one group');
export type BulkCreateGroupsRequest = z.infer<typeof BulkCreateGroupsRequest>;

/** The body of `PUT /v1/manage/group/{groupId}`: `id` (if sent) must be the path's id, checked by the route. */
export const UpdateGroupRequest = CreateGroupRequest.extend({ id: idString.optional() });
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequest>;

/** `{"group": Group}`: the answer to creating, reading or updating one group. */
export const GroupEnvelope = z.looseObject({ group: ConversationGroup });
export type GroupEnvelope = z.infer<typeof GroupEnvelope>;

/** `{"groups": [Group]}`: the answer to listing and bulk creating (undocumented; the Go SDK's shape). */
export const GroupsEnvelope = z.looseObject({ groups: z.array(ConversationGroup) });
export type GroupsEnvelope = z.infer<typeof GroupsEnvelope>;

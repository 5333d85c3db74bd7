import { z } from 'zod';
import { ConfirmationMessage, IsoDateTime, Person } from './conversationCommon.ts';
import { idString, looseInteger } from './lenient.ts';
import { TimeZoneName } from './timeZone.ts';

/*
 * The conversation itself: list with its query, one conversation,
 * metadata update, delete.
 */

/** User labels set with PUT: string keys to string values (`{"agentId": "ana"}`). */
export const ConversationMetadata = z.record(z.string(), z.string());
export type ConversationMetadata = z.infer<typeof ConversationMetadata>;

/**
 * One conversation (GET /v1/conversations/{id}, and each item of the list). `type` is open
 * (`"meeting"` is the only documented value and the default). `members` uses the person object
 * because the documentation's list items lack member ids. `metadata` is `{}` when none; it is
 * optional because a Python SDK fixture omits it.
 */
export const Conversation = z.looseObject({
  id: idString,
  type: z.string().min(1),
  /** Submit `name`, streaming `meetingTitle` or telephony session name; defaults to the id. */
  name: z.string(),
  startTime: IsoDateTime,
  endTime: IsoDateTime,
  members: z.array(Person),
  metadata: ConversationMetadata.optional(),
  /**
   * Parley extension: the zone the conversation's dates resolve in (`Europe/Berlin`, `UTC`,
   * `-08:00`); its due dates carry this zone's offset.
   */
  timeZone: TimeZoneName.optional(),
});
export type Conversation = z.infer<typeof Conversation>;

/** GET /v1/conversations response. */
export const ConversationList = z.looseObject({ conversations: z.array(Conversation) });
export type ConversationList = z.infer<typeof ConversationList>;

/**
 * Query of GET /v1/conversations. Numbers may arrive as strings. `startTime` / `endTime` have
 * clock-dependent defaults (`endTime` = now, `startTime` = `endTime` - 7 days) that the server
 * applies, so they stay optional here. `filter` is RSQL (no `OR`, at most two distinct fields);
 * its grammar is checked where it is evaluated, not here. Unknown parameters are ignored.
 */
export const ConversationListQuery = z.object({
  /** Maximum number of items, 0–65536; 0 returns none. */
  limit: looseInteger.pipe(z.number().min(0).max(65536)).default(20),
  /** Items skipped before `limit`. */
  offset: looseInteger.pipe(z.number().min(0)).default(0),
  /** Ordering of the sort field. */
  order: z.enum(['asc', 'desc']).default('asc'),
  /** Field(s) to sort by, e.g. `conversation.name`. */
  sort: z.string().min(1).default('conversation.startTime'),
  startTime: IsoDateTime.optional(),
  endTime: IsoDateTime.optional(),
  /** RSQL filter, e.g. `conversation.metadata.agentId==johndoe`. */
  filter: z.string().min(1).optional(),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

/**
 * Body of PUT /v1/conversations/{id}. Only `metadata` may change (any other key is rejected, so
 * attempts to change `id` or `type` get a 400 naming the key). Values are strings of at most 128
 * characters. The map replaces the stored one (merge semantics are undocumented; replacing is
 * the only reading that lets a client delete a key).
 */
export const ConversationUpdateRequest = z.strictObject({
  metadata: z.record(z.string().min(1), z.string().max(128)),
});
export type ConversationUpdateRequest = z.infer<typeof ConversationUpdateRequest>;

/** Response of the metadata update: the documentation shows `{id, metadata}`; a fuller conversation also fits. */
export const ConversationUpdateResponse = z.looseObject({
  id: idString,
  metadata: ConversationMetadata,
});
export type ConversationUpdateResponse = z.infer<typeof ConversationUpdateResponse>;

/**
 * DELETE /v1/conversations/{id} success body (`"successfully deleted the conversation"`). An
 * unknown id answers 404 (the documentation shows only the body) with
 * `"The conversationId is either invalid or does not exist."`.
 */
export const ConversationDeleteResponse = ConfirmationMessage;
export type ConversationDeleteResponse = z.infer<typeof ConversationDeleteResponse>;

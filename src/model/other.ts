import { z } from 'zod';
import { Score } from './conversationCommon.ts';
import { ActionItem } from './insights.ts';
import { idString, looseBoolean } from './lenient.ts';
import { ConnectionId } from './streamingClientMessages.ts';
import { SummaryItem, SummaryResponse } from './summary.ts';

/*
 * The smaller families of spec/trackers-and-other.md (tracker management is in trackers.ts):
 * conversation groups (2), the Experience API (3), call score and the Insights UI (4), bookmarks (5),
 * managed entities (6) and the Labs endpoints (7).
 *
 * Requests are what a server judges and are checked with the documented rules; unknown keys are
 * stripped. Responses are loose objects so a client reading Symbl's cloud keeps what else it sends.
 * Sections 4-6 come from the GO SDK only (undocumented in DOCS), so their responses are lenient.
 */

/** `{id}` reference to a message (or, for `bookmarkReference`, a bookmark). */
const IdRef = z.looseObject({ id: idString });

// ---- 2. Conversation groups ----

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

/** A conversation group as the API returns it. `id` is a string (a DOCS sample has a number; read as a string). */
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

/** `{"groups": [Group]}`: the answer to listing and bulk creating (undocumented; GO's shape). */
export const GroupsEnvelope = z.looseObject({ groups: z.array(ConversationGroup) });
export type GroupsEnvelope = z.infer<typeof GroupsEnvelope>;

// ---- 3. Experience API ----

/** Pre-built pages: summary, summary with a video player, trackers and analytics for audio. */
export const ExperienceName = z.enum(['verbose-text-summary', 'video-summary', 'audio-summary']);
export type ExperienceName = z.infer<typeof ExperienceName>;

const HexColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'expected a colour as #RRGGBB');
const WebUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/**
 * The body of `POST /v1/conversations/{id}/experiences`. `video-summary` needs `videoUrl`;
 * `audio-summary` needs `audioUrl` (the reference table spells it `audioURL`: both are read, and
 * parsed into `audioUrl`) and cannot use `enableCustomDomain`. `summaryURLExpiresIn` is in seconds
 * (default 2592000; 0 never expires). `disableSummaryURLAuthentication` is not supported (ignored).
 */
export const ExperienceRequest = z
  .object({
    name: ExperienceName,
    videoUrl: WebUrl.optional(),
    audioUrl: WebUrl.optional(),
    audioURL: WebUrl.optional(),
    logo: WebUrl.optional(),
    favicon: WebUrl.optional(),
    color: z
      .object({
        background: HexColor.optional(),
        topicsFilter: HexColor.optional(),
        insightsFilter: HexColor.optional(),
      })
      .optional(),
    font: z.object({ family: z.string().min(1).optional() }).optional(),
    summaryURLExpiresIn: z.number().int().min(0).optional(),
    readOnly: z.boolean().optional(),
    enableCustomDomain: z.boolean().optional(),
    /**
     * Parley extension: the streaming (or telephony) connection id of a conversation that is
     * still live, so its page follows it through the subscribe socket until it completes.
     */
    connectionId: ConnectionId.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.name === 'video-summary' && request.videoUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['videoUrl'], message: 'video-summary needs videoUrl' });
    }
    if (request.name === 'audio-summary') {
      if (request.audioUrl === undefined && request.audioURL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['audioUrl'], message: 'audio-summary needs audioUrl' });
      }
      if (request.enableCustomDomain === true) {
        ctx.addIssue({
          code: 'custom',
          path: ['enableCustomDomain'],
          message: 'enableCustomDomain is not available for audio-summary',
        });
      }
    }
  })
  .transform(({ audioURL, ...request }) => {
    const audioUrl = request.audioUrl ?? audioURL;
    return audioUrl === undefined ? request : { ...request, audioUrl };
  });
export type ExperienceRequest = z.infer<typeof ExperienceRequest>;

/** The answer to an experience request: the experience's name and the page URL. */
export const ExperienceResponse = z.looseObject({ name: z.string(), url: z.string() });
export type ExperienceResponse = z.infer<typeof ExperienceResponse>;

/**
 * GO posts experience bodies to `POST …/summary`: a body that is an object with a `name` field is an
 * experience request, anything else a summary refresh (spec 3).
 */
export function isExperienceRequestBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'name' in body;
}

/** The body of `PUT /v1/conversations/{id}/experiences/url`: the conversation's media URL. */
export const ExperienceMediaUrlRequest = z.object({ url: WebUrl });
export type ExperienceMediaUrlRequest = z.infer<typeof ExperienceMediaUrlRequest>;

// ---- 4. Call score and Insights UI (GO and PY only) ----

/** `{summary}` of call-score feedback. */
const FeedbackSummary = z.looseObject({ summary: z.string().optional() });

/** One scored criterion of a call score. How scores are computed is undocumented. */
export const CallScoreCriterion = z.looseObject({
  name: z.string(),
  score: z.number(),
  summary: z.string().optional(),
  feedback: z
    .looseObject({ positive: FeedbackSummary.optional(), negative: FeedbackSummary.optional() })
    .optional(),
});
export type CallScoreCriterion = z.infer<typeof CallScoreCriterion>;

/** `GET /v1/conversations/{id}/callscore`. */
export const CallScore = z.looseObject({
  score: z.number(),
  summary: z.string().optional(),
  criteria: z.array(CallScoreCriterion).optional(),
});
export type CallScore = z.infer<typeof CallScore>;

/**
 * `GET …/callscore/status` and `GET …/lm-insights/status`: the job computing them. Status values are
 * undocumented, so any string is accepted.
 */
export const InsightsJobStatus = z.looseObject({ jobId: z.string(), status: z.string() });
export type InsightsJobStatus = z.infer<typeof InsightsJobStatus>;

/** `GET /v1/conversations/experiences/insights/{list,details/{id}}`: the Insights UI page. */
export const InsightsUiUrl = z.looseObject({ url: z.string() });
export type InsightsUiUrl = z.infer<typeof InsightsUiUrl>;

/** Query of the Insights UI endpoints (`includeCallScore=true`). */
export const InsightsUiQuery = z.object({ includeCallScore: looseBoolean.optional() });
export type InsightsUiQuery = z.infer<typeof InsightsUiQuery>;

// ---- 5. Bookmarks (GO only) ----

/** Who made a bookmark. */
export const BookmarkUser = z.looseObject({
  name: z.string().optional(),
  userId: z.string().optional(),
  email: z.string().optional(),
});
export type BookmarkUser = z.infer<typeof BookmarkUser>;

/** A bookmark: a labelled span of a conversation (`beginTimeOffset`, `duration` in seconds). */
export const Bookmark = z.looseObject({
  id: idString,
  label: z.string(),
  description: z.string().optional(),
  user: BookmarkUser.optional(),
  beginTimeOffset: z.number(),
  duration: z.number(),
  messageRefs: z.array(IdRef).optional(),
});
export type Bookmark = z.infer<typeof Bookmark>;

/**
 * The body of `POST …/bookmarks`. An empty `description` is rejected with GO's documented message.
 */
export const CreateBookmarkRequest = z.object({
  label: z.string().trim().min(1, '"label" is not allowed to be empty'),
  description: z.string().min(1, '"description" is not allowed to be empty'),
  user: z.object({
    name: z.string().optional(),
    userId: z.string().optional(),
    email: z.string().optional(),
  }),
  beginTimeOffset: z.number().int().min(0),
  duration: z.number().int().min(0),
  messageRefs: z.array(z.object({ id: idString })),
});
export type CreateBookmarkRequest = z.infer<typeof CreateBookmarkRequest>;

/** The body of `PUT …/bookmarks/{bookmarkId}`: any of the create fields. */
export const UpdateBookmarkRequest = CreateBookmarkRequest.partial();
export type UpdateBookmarkRequest = z.infer<typeof UpdateBookmarkRequest>;

/** `GET …/bookmarks`. */
export const BookmarksEnvelope = z.looseObject({ bookmarks: z.array(Bookmark) });
export type BookmarksEnvelope = z.infer<typeof BookmarksEnvelope>;

/** `GET …/bookmarks/{bookmarkId}/summary`: the summary response of conversation-api.md 18 (summary.ts). */
export const BookmarkSummaryResponse = SummaryResponse;
export type BookmarkSummaryResponse = z.infer<typeof BookmarkSummaryResponse>;

/** `GET …/bookmarks-summary`: the summary of every bookmark. */
export const BookmarksSummaryResponse = z.looseObject({
  bookmarksSummary: z.array(z.looseObject({ bookmarkId: idString, summary: z.array(SummaryItem) })),
});
export type BookmarksSummaryResponse = z.infer<typeof BookmarksSummaryResponse>;

// ---- 6. Managed entities (GO only) ----

/**
 * A managed entity definition (`/v1/manage/entities`): the values that make up a custom
 * `type`/`subType`. (entities.ts `ManagedEntity` is the detected-entity result shape these feed.)
 */
export const ManagedEntityDefinition = z.looseObject({
  id: idString,
  type: z.string(),
  subType: z.string(),
  category: z.string(),
  values: z.array(z.string()),
});
export type ManagedEntityDefinition = z.infer<typeof ManagedEntityDefinition>;

/** The body of `PUT /v1/manage/entities/{id}` and one element of `POST /v1/manage/entities/bulk`. */
export const ManagedEntityDefinitionInput = z.object({
  type: z.string().trim().min(1),
  subType: z.string().trim().min(1),
  category: z.string().trim().min(1),
  values: z.array(z.string().trim().min(1)).min(1, 'expected at least one value'),
});
export type ManagedEntityDefinitionInput = z.infer<typeof ManagedEntityDefinitionInput>;

/** The body of `POST /v1/manage/entities/bulk`. */
export const BulkCreateEntitiesRequest = z
  .array(ManagedEntityDefinitionInput)
  .min(1, 'expected at least one entity');
export type BulkCreateEntitiesRequest = z.infer<typeof BulkCreateEntitiesRequest>;

/** `{"entity": Entity}`. */
export const ManagedEntityDefinitionEnvelope = z.looseObject({ entity: ManagedEntityDefinition });
export type ManagedEntityDefinitionEnvelope = z.infer<typeof ManagedEntityDefinitionEnvelope>;

/** `{"entities": [Entity]}`. */
export const ManagedEntityDefinitionsEnvelope = z.looseObject({ entities: z.array(ManagedEntityDefinition) });
export type ManagedEntityDefinitionsEnvelope = z.infer<typeof ManagedEntityDefinitionsEnvelope>;

// ---- 7. Labs ----

/**
 * A comprehensive action item: an action item (conversation-api.md 9, insights.ts) with
 * `messageRefs: [{id}]` in place of `messageIds`; it may combine several sentences.
 */
export const ComprehensiveActionItem = ActionItem.omit({ messageIds: true }).extend({
  messageRefs: z.array(IdRef),
});
export type ComprehensiveActionItem = z.infer<typeof ComprehensiveActionItem>;

/** `GET /v1/conversations/{id}/comprehensive/action-items`. */
export const ComprehensiveActionItemsResponse = z.looseObject({
  actionItems: z.array(ComprehensiveActionItem),
});
export type ComprehensiveActionItemsResponse = z.infer<typeof ComprehensiveActionItemsResponse>;

/** An abstract topic: a theme of the conversation, not necessarily words said in it. */
export const AbstractTopic = z.looseObject({
  id: idString,
  text: z.string(),
  type: z.string(),
  score: Score.optional(),
  messageIds: z.array(idString),
});
export type AbstractTopic = z.infer<typeof AbstractTopic>;

/** `GET /v1/conversations/{id}/abstract-topics`. */
export const AbstractTopicsResponse = z.looseObject({ abstractTopics: z.array(AbstractTopic) });
export type AbstractTopicsResponse = z.infer<typeof AbstractTopicsResponse>;

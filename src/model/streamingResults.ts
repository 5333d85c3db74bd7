import { z } from 'zod';
import { Sentiment } from './conversationCommon.ts';
import { ManagedEntity } from './entities.ts';
import { StreamingUser } from './streamingSystemMessages.ts';
import { DetectedTrackerMatch } from './trackersDetected.ts';

/*
 * Server → client result messages with their own top-level `type`:
 * `message_response`, `insight_response`, `topic_response`, `tracker_response`, `entity_response`.
 *
 * Loose objects, like the system messages: unknown keys are kept. Required are the fields every
 * documentation example shows and the SDKs read; what only the Go SDK knows, or some documentation
 * example leaves out, is optional. The quirks are the wire's, kept on purpose because clients rely on them:
 * `metadata.words` is a JSON string (streamingWireTime.ts encodes it), topic `phrases` is one
 * string, `hints[].value` are strings, tag values are nested twice (`tags[].value.value`).
 */

/** A sentiment as streamed with `config.sentiment`: the Conversation API's sentiment object. */
export const StreamingSentiment = Sentiment;
export type StreamingSentiment = z.infer<typeof StreamingSentiment>;

/**
 * An entity on a streamed message (redaction / `detectEntities`). The documentation shows `{type, value,
 * text, offset}`, the Go SDK models `{type, subType, category, detectedValue, offset, message}`: all optional
 * except `type`.
 */
export const StreamingMessageEntity = z.looseObject({
  type: z.string(),
  subType: z.string().optional(),
  category: z.string().optional(),
  value: z.unknown().optional(),
  text: z.string().optional(),
  detectedValue: z.string().optional(),
  offset: z.number().int().optional(),
  message: z.string().optional(),
});
export type StreamingMessageEntity = z.infer<typeof StreamingMessageEntity>;

/** `{contentType, content}` of messages and insights; `contentType` is `"text/plain"`. */
export const StreamingPayload = z.looseObject({
  content: z.string(),
  contentType: z.string().optional(),
});
export type StreamingPayload = z.infer<typeof StreamingPayload>;

/**
 * One finalised sentence. `metadata.words` is a JSON-encoded array of `{word, startTime, endTime}`
 * with absolute ISO times (a string, not an array; see `encodeMessageWords`). The documentation's
 * reference shows a minimal form with `from` and `payload` only; every other field is additive.
 */
export const StreamingMessage = z.looseObject({
  id: z.string().optional(),
  from: StreamingUser,
  payload: StreamingPayload,
  channel: z.looseObject({ id: z.string() }).optional(),
  metadata: z
    .looseObject({
      disablePunctuation: z.boolean().optional(),
      timezoneOffset: z.number().int().optional(),
      originalContent: z.string().optional(),
      words: z.string().optional(),
      originalMessageId: z.string().optional(),
    })
    .optional(),
  dismissed: z.boolean().optional(),
  duration: z
    .looseObject({
      startTime: z.iso.datetime({ offset: true }),
      endTime: z.iso.datetime({ offset: true }),
      timeOffset: z.number().optional(),
      duration: z.number().optional(),
    })
    .optional(),
  sentiment: StreamingSentiment.optional(),
  entities: z.array(StreamingMessageEntity).nullish(),
});
export type StreamingMessage = z.infer<typeof StreamingMessage>;

/** Finalised sentences; `sequenceNumber` (the Go SDK's) counts `message_response` frames from 0. */
export const MessageResponse = z.looseObject({
  type: z.literal('message_response'),
  messages: z.array(StreamingMessage),
  sequenceNumber: z.number().int().min(0).optional(),
  sentiment: z.boolean().optional(),
});
export type MessageResponse = z.infer<typeof MessageResponse>;

/**
 * `insights[].hints[]`: `value` is always a string, even for scores (`"0.97"`); `addressedTo` holds
 * a JSON-encoded array in its string.
 */
export const InsightHint = z.looseObject({ key: z.string(), value: z.string() });
export type InsightHint = z.infer<typeof InsightHint>;

/** `tags[].value.value` of a date tag. */
export const DateTagValue = z.looseObject({ datetime: z.string() });
/** `tags[].value.value` of a person tag; `assignee` only when this person is the assignee. */
export const PersonTagValue = z.looseObject({
  name: z.string(),
  id: z.string().optional(),
  alias: z.string().optional(),
  assignee: z.boolean().optional(),
  userId: z.string().optional(),
});

/**
 * An entity span of an insight. The value is nested twice on the wire: `tag.value.value` is
 * `{datetime}` for dates, `{name, id?, alias?, assignee?, userId?}` for persons, an object otherwise.
 */
export const InsightTag = z.looseObject({
  type: z.string(),
  text: z.string(),
  beginOffset: z.number().int().min(0),
  value: z.looseObject({
    value: z.union([DateTagValue, PersonTagValue, z.record(z.string(), z.unknown())]),
  }),
});
export type InsightTag = z.infer<typeof InsightTag>;

/** Insight types streamed in `insight_response`. */
export const StreamingInsightKind = z.enum(['action_item', 'question', 'follow_up']);
export type StreamingInsightKind = z.infer<typeof StreamingInsightKind>;

/**
 * One insight. The text is in both `text` (the documentation's reference, the JavaScript
 * SDK's `subscribeToConnection`) and `payload.content` (the JavaScript, web and Python SDKs): send both with the same value. Streaming scores with
 * `confidence`, not `score`; the source message is the single `messageReference`.
 */
export const StreamingInsight = z.looseObject({
  id: z.string(),
  type: StreamingInsightKind,
  text: z.string(),
  payload: StreamingPayload,
  confidence: z.number().min(0).max(1).optional(),
  messageReference: z.looseObject({ id: z.string() }).optional(),
  hints: z.array(InsightHint).optional(),
  assignee: StreamingUser.optional(),
  dueBy: z.looseObject({ value: z.string() }).optional(),
  tags: z.array(InsightTag).optional(),
  dismissed: z.boolean().optional(),
  from: StreamingUser.optional(),
  entities: z.array(z.unknown()).nullish(),
});
export type StreamingInsight = z.infer<typeof StreamingInsight>;

/** Insights of the types the `start_request` asked for. */
export const InsightResponse = z.looseObject({
  type: z.literal('insight_response'),
  insights: z.array(StreamingInsight),
  sequenceNumber: z.number().int().min(0).optional(),
});
export type InsightResponse = z.infer<typeof InsightResponse>;

/**
 * A topic. `phrases` is one string despite its name. A topic may be re-sent with a higher score as
 * the conversation grows; clients key topics by `id` (undocumented, recommended). The wire names
 * are `messageReferences` and `score` (the JavaScript SDK's typings misspell both).
 */
export const StreamingTopic = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  phrases: z.string(),
  rootWords: z.array(z.looseObject({ text: z.string() })).optional(),
  score: z.number().min(0).max(1).optional(),
  messageReferences: z.array(z.looseObject({ id: z.string(), relation: z.string().optional() })).optional(),
  messageIndex: z.number().int().optional(),
  sentiment: StreamingSentiment.optional(),
});
export type StreamingTopic = z.infer<typeof StreamingTopic>;

/** Topics found so far (emitted whether or not `insightTypes` lists `topic`). */
export const TopicResponse = z.looseObject({
  type: z.literal('topic_response'),
  topics: z.array(StreamingTopic),
});
export type TopicResponse = z.infer<typeof TopicResponse>;

/**
 * One vocabulary phrase of a tracker that matched: the match object of the Conversation API's
 * detected trackers (trackersDetected.ts), `offset: -1` for a non-exact match.
 */
export const StreamingTrackerMatch = DetectedTrackerMatch;
export type StreamingTrackerMatch = z.infer<typeof StreamingTrackerMatch>;

/** A tracker with its matches; `id` is missing in some documentation examples. */
export const StreamingTracker = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  matches: z.array(StreamingTrackerMatch),
});
export type StreamingTracker = z.infer<typeof StreamingTracker>;

/**
 * Tracker matches: `isFinal: false` for interim matches (`config.trackers.interimResults`). The JavaScript SDK
 * hands the whole frame to `onTrackerResponse`, not the array.
 */
export const TrackerResponse = z.looseObject({
  type: z.literal('tracker_response'),
  isFinal: z.boolean(),
  trackers: z.array(StreamingTracker),
  sequenceNumber: z.number().int().min(0).optional(),
});
export type TrackerResponse = z.infer<typeof TrackerResponse>;

/**
 * A detected entity with its matches (the Go SDK's newer shape; undocumented): the managed-entity object
 * of the Conversation API (entities.ts `ManagedEntity`).
 */
export const StreamingEntity = ManagedEntity;
export type StreamingEntity = z.infer<typeof StreamingEntity>;

/** Entities found (only with `config.detectEntities`; only the Go SDK reads them, optional for servers). */
export const EntityResponse = z.looseObject({
  type: z.literal('entity_response'),
  entities: z.array(StreamingEntity),
  sequenceNumber: z.number().int().min(0).optional(),
});
export type EntityResponse = z.infer<typeof EntityResponse>;

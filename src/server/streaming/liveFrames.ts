import type { z } from 'zod';
import type { RecognizedUtterance } from '../../engine/asr/RecognitionEvent.ts';
import { PII_TYPES } from '../../engine/redaction/PiiSpan.ts';
import type { InsightEntity, Person } from '../../model/conversationCommon.ts';
import type { Insight } from '../../model/insights.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type {
  InsightResponse,
  InsightTag,
  MessageResponse,
  StreamingInsight,
  StreamingMessage,
  TopicResponse,
  TrackerResponse,
} from '../../model/streamingResults.ts';
import type { StreamingUser, SystemMessageOf } from '../../model/streamingSystemMessages.ts';
import { systemMessage } from '../../model/streamingSystemMessages.ts';
import { encodeMessageWords, toWireTime } from '../../model/streamingWireTime.ts';
import type { Topic } from '../../model/topics.ts';
import type { DetectedTracker } from '../../model/trackersDetected.ts';

/*
 * Engine results as Streaming API frames. Pure functions: the speaker stream and the live
 * conversation decide when to send, these decide what the wire looks like.
 */

/** What message frames need beyond the engine's message: how the session was configured. */
export interface MessageFrameOptions {
  timezoneOffset: number;
  /** `config.sentiment`: add `sentiment` to each message. */
  sentiment: boolean;
  /** The speaker's `userId` from `start_request.speaker` (the engine keeps email, not userId). */
  userId?: string;
  /**
   * Texts of redacted messages from before redaction, by message id, when the caller asked to
   * keep them: they become `metadata.originalContent` (otherwise it is the served text).
   */
  originals?: ReadonlyMap<string, string>;
}

/** A live hypothesis (`isFinal: false`) or the final words of an utterance, timed from the stream start. */
export function recognitionResultFrame(
  hypothesis: { text: string; words?: RecognizedUtterance['words']; confidence?: number },
  isFinal: boolean,
  user: StreamingUser,
  offsetSeconds: number,
): SystemMessageOf<'recognition_result'> {
  const words = (hypothesis.words ?? []).map((w) => ({
    word: w.word,
    startTime: toWireTime(Math.max(0, w.start + offsetSeconds)),
    endTime: toWireTime(Math.max(0, w.end + offsetSeconds)),
  }));
  return systemMessage({
    type: 'recognition_result',
    isFinal,
    payload: {
      raw: {
        alternatives: [
          {
            transcript: hypothesis.text,
            ...(hypothesis.confidence === undefined ? {} : { confidence: clamp01(hypothesis.confidence) }),
            words,
          },
        ],
      },
    },
    punctuated: { transcript: caption(hypothesis.text) },
    user,
  });
}

/** A recogniser's lower-case words as a caption: first letter capitalised, "i" as "I". */
function caption(text: string): string {
  const words = text.trim().replace(/\bi\b/g, 'I');
  return words.length === 0 ? '' : words[0]!.toUpperCase() + words.slice(1);
}

/** Finalised sentences as `message_response` (`metadata.words` is a JSON string on the wire, as Symbl sends it). */
export function messageResponseFrame(
  messages: readonly ConversationMessage[],
  options: MessageFrameOptions,
  sequenceNumber: number,
): z.input<typeof MessageResponse> {
  return {
    type: 'message_response',
    messages: messages.map((m) => streamingMessage(m, options)),
    sequenceNumber,
  };
}

function streamingMessage(
  m: ConversationMessage,
  options: MessageFrameOptions,
): z.input<typeof StreamingMessage> {
  return {
    id: m.id,
    from: streamingPerson(m.from, options.userId),
    payload: { content: m.text, contentType: 'text/plain' },
    channel: { id: 'realtime-api' },
    metadata: {
      disablePunctuation: true,
      timezoneOffset: options.timezoneOffset,
      originalContent: options.originals?.get(m.id) ?? m.text,
      words: encodeMessageWords(
        (m.words ?? []).map((w) => ({ word: w.word, startTime: w.startTime, endTime: w.endTime })),
      ),
      originalMessageId: m.id,
    },
    dismissed: false,
    duration: {
      startTime: m.startTime,
      endTime: m.endTime,
      timeOffset: m.timeOffset,
      duration: m.duration,
    },
    ...(options.sentiment && m.sentiment !== undefined ? { sentiment: m.sentiment } : {}),
    ...(m.entities === undefined ? {} : { entities: m.entities }),
  };
}

/** A person as streaming frames name it: `{id, name, userId}` (userId falls back to the email). */
export function streamingPerson(person: Person | undefined, userId?: string): StreamingUser {
  if (person === undefined) return {};
  const id = userId ?? person.userId ?? person.email;
  return {
    id: person.id,
    name: person.name,
    userId: id,
  };
}

/** Questions, action items and follow-ups as `insight_response`. */
export function insightResponseFrame(
  insights: readonly Insight[],
  sequenceNumber: number,
): z.input<typeof InsightResponse> {
  return { type: 'insight_response', insights: insights.map(streamingInsight), sequenceNumber };
}

function streamingInsight(insight: Insight): z.input<typeof StreamingInsight> {
  const score = String(round2(insight.score));
  const assignee: Person | undefined = insight.type === 'question' ? insight.from : insight.assignee;
  const entities = insight.entities ?? [];
  const piiEntities = entities.filter((e) => PII_KINDS.has(e.type));
  return {
    id: insight.id,
    type: insight.type,
    text: insight.text,
    payload: { content: insight.text, contentType: 'text/plain' },
    confidence: clamp01(insight.score),
    ...(insight.messageIds[0] === undefined ? {} : { messageReference: { id: insight.messageIds[0] } }),
    hints: [
      { key: 'informationScore', value: score },
      { key: 'confidenceScore', value: score },
      { key: 'comprehensionScore', value: score },
    ],
    assignee: streamingPerson(assignee),
    ...(insight.type !== 'question' && insight.dueBy !== undefined
      ? { dueBy: { value: insight.dueBy } }
      : {}),
    tags: entities.filter((e) => !PII_KINDS.has(e.type)).map((e) => insightTag(e, assignee)),
    dismissed: false,
    from: streamingPerson(insight.from as Person | undefined),
    // Identifiers found by redaction (`identifyContent`); null otherwise, as Symbl sends it.
    entities: piiEntities.length === 0 ? null : piiEntities,
  };
}

/** An insight entity as a tag; its value is nested twice on the wire (`value.value`). */
function insightTag(entity: InsightEntity, assignee: Person | undefined): z.input<typeof InsightTag> {
  const base = { type: entity.type, text: entity.text, beginOffset: entity.offset };
  if (entity.type === 'date') {
    const datetime = typeof entity.value === 'string' ? entity.value : (entity.start ?? entity.text);
    return { ...base, value: { value: { datetime } } };
  }
  if (entity.type === 'person') {
    const value = typeof entity.value === 'object' && entity.value !== null ? entity.value : {};
    const name = typeof value.name === 'string' ? value.name : entity.text;
    const isAssignee = assignee?.name !== undefined && assignee.name === name;
    return {
      ...base,
      value: {
        value: {
          name,
          ...(typeof value.id === 'string' ? { id: value.id } : {}),
          ...(isAssignee ? { assignee: true } : {}),
          ...(typeof value.userId === 'string' ? { userId: value.userId } : {}),
        },
      },
    };
  }
  return {
    ...base,
    value: { value: { text: entity.text, value: entity.value } },
  };
}

/** Topics that are new or changed as `topic_response`; `phrases` is one string. */
export function topicResponseFrame(
  topics: ReadonlyArray<{ topic: Topic; rootWords: readonly string[] }>,
): z.input<typeof TopicResponse> {
  return {
    type: 'topic_response',
    topics: topics.map(({ topic, rootWords }) => ({
      id: topic.id,
      type: 'topic',
      phrases: topic.text,
      rootWords: rootWords.map((text) => ({ text })),
      score: clamp01(topic.score),
      messageReferences: topic.messageIds.map((id) => ({ id, relation: 'text instance' })),
    })),
  };
}

/** Tracker matches on final messages as `tracker_response`. */
export function trackerResponseFrame(
  trackers: readonly DetectedTracker[],
  sequenceNumber: number,
): z.input<typeof TrackerResponse> {
  return {
    type: 'tracker_response',
    isFinal: true,
    trackers: trackers.map((t) => ({ ...t, ...(t.id === '' ? { id: undefined } : {}) })),
    sequenceNumber,
  };
}

const PII_KINDS: ReadonlySet<string> = new Set(PII_TYPES);

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

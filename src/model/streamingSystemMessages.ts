import { z } from 'zod';
import { Person } from './conversationCommon.ts';
import type { StreamingAudioEncoding } from './streamingClientMessages.ts';
import { WireTime } from './streamingWireTime.ts';

/*
 * Server → client system messages: the `{"type": "message", "message": {"type": <subtype>, ...}}`
 * envelope.
 *
 * Server frames are loose objects: unknown keys are kept, so a client reading Symbl's cloud loses
 * nothing and our server may add fields. Two rules are enforced because clients written after the
 * documentation's examples depend on them: every `data` object carries `data.conversationId`, and only
 * `recognition_result` carries `punctuated`. Do not add subtypes: the Go SDK rejects unknown ones.
 */

/** Ids are always JSON strings on the wire, never numbers. */
const WireId = z.string().min(1);

/** The `data` of a system message; naive clients read `data.conversationId` from any message with `data`. */
export const SystemMessageData = z.looseObject({ conversationId: WireId });
export type SystemMessageData = z.infer<typeof SystemMessageData>;

/** Audio is accepted from now on; the JavaScript SDK drops audio until this (or `recognition_started`) arrives. No `data`. */
export const StartedListening = z.looseObject({
  type: z.literal('started_listening'),
  data: SystemMessageData.optional(),
});
export type StartedListening = z.infer<typeof StartedListening>;

/** Sent on the first start of a conversation; the Python SDK's only source of the conversation id. */
export const ConversationCreated = z.looseObject({
  type: z.literal('conversation_created'),
  data: SystemMessageData,
});
export type ConversationCreated = z.infer<typeof ConversationCreated>;

/** Sent on every (re)start; the older JavaScript SDK API's source of the conversation id. */
export const RecognitionStarted = z.looseObject({
  type: z.literal('recognition_started'),
  data: SystemMessageData,
});
export type RecognitionStarted = z.infer<typeof RecognitionStarted>;

/** One timed word of a live hypothesis; times are `{seconds, nanos}` strings from the stream start. */
export const RecognitionWord = z.looseObject({
  word: z.string(),
  startTime: WireTime,
  endTime: WireTime,
});
export type RecognitionWord = z.infer<typeof RecognitionWord>;

/** A hypothesis of the current utterance, best first in `alternatives`. `words` may be empty on interim results. */
export const RecognitionAlternative = z.looseObject({
  transcript: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  words: z.array(RecognitionWord).optional(),
});
export type RecognitionAlternative = z.infer<typeof RecognitionAlternative>;

/**
 * The speaker of a socket as results name it: `userId` and `name` from `start_request.speaker`
 * plus the member `id` the server assigns (a UUID). It is the Conversation API's person object:
 * every field optional.
 */
export const StreamingUser = Person;
export type StreamingUser = z.infer<typeof StreamingUser>;

/**
 * The live transcript of the whole current utterance (not a delta). `isFinal: true` is followed
 * by a `message_response`. `punctuated.transcript` is what captions display.
 */
export const RecognitionResult = z.looseObject({
  type: z.literal('recognition_result'),
  isFinal: z.boolean(),
  payload: z.looseObject({
    raw: z.looseObject({ alternatives: z.array(RecognitionAlternative) }),
  }),
  punctuated: z.looseObject({ transcript: z.string() }).optional(),
  user: StreamingUser.optional(),
  data: SystemMessageData.optional(),
});
export type RecognitionResult = z.infer<typeof RecognitionResult>;

/** Processing stopped for this socket (after every pending result was flushed). No `data`. */
export const RecognitionStopped = z.looseObject({
  type: z.literal('recognition_stopped'),
  data: SystemMessageData.optional(),
});
export type RecognitionStopped = z.infer<typeof RecognitionStopped>;

/**
 * The conversation is final. The id lives in `conversationId` (the web SDK's documentation, the older
 * JavaScript SDK API's `stop()`) and in `data.conversationId` (the Go SDK): our server sends both (use {@link conversationCompleted}); when
 * decoding, either one is enough (undocumented which one Symbl's cloud sends).
 */
export const ConversationCompleted = z
  .looseObject({
    type: z.literal('conversation_completed'),
    conversationId: WireId.optional(),
    summaryUrl: z.string().optional(),
    data: SystemMessageData.optional(),
  })
  .refine((m) => m.conversationId !== undefined || m.data !== undefined, {
    message: 'expected conversationId or data.conversationId',
    path: ['conversationId'],
  });
export type ConversationCompleted = z.infer<typeof ConversationCompleted>;

/**
 * Acknowledges a `modify_request`. Shape undocumented: our server sends
 * what a client can use, `data` with the conversation id and the new audio format ({@link sessionModified}); when
 * decoding, `data` may be missing and the format fields are not checked, since the cloud's shape is
 * unknown.
 */
export const SessionModified = z.looseObject({
  type: z.literal('session_modified'),
  data: SystemMessageData.optional(),
});
export type SessionModified = z.infer<typeof SessionModified>;

/**
 * An error, in the nested form every SDK tolerates. No codes are documented; after a
 * fatal one the server closes with 1008 or 1011.
 */
export const SystemError = z.looseObject({
  type: z.literal('error'),
  message: z.string().optional(),
  details: z.string().optional(),
  data: SystemMessageData.optional(),
});
export type SystemError = z.infer<typeof SystemError>;

/** The inner `message` of a system message, by subtype. */
export const SystemMessageBody = z.discriminatedUnion('type', [
  StartedListening,
  ConversationCreated,
  RecognitionStarted,
  RecognitionResult,
  RecognitionStopped,
  ConversationCompleted,
  SessionModified,
  SystemError,
]);
export type SystemMessageBody = z.infer<typeof SystemMessageBody>;

/**
 * The system-message envelope. `timeOffset` (unit undocumented, milliseconds assumed) is modelled by
 * the Go SDK at this level and optional. The rules only a server must keep (no `punctuated` outside
 * `recognition_result`, both ids on `conversation_completed`) are checked when encoding
 * (streaming.ts `encodeServerFrame`), not here: a client decoding Symbl's cloud accepts what it
 * gets.
 */
export const SystemMessage = z.looseObject({
  type: z.literal('message'),
  message: SystemMessageBody,
  timeOffset: z.number().optional(),
});
export type SystemMessage = z.infer<typeof SystemMessage>;

/** A system message of one subtype. */
export type SystemMessageOf<T extends SystemMessageBody['type']> = SystemMessage & {
  message: Extract<SystemMessageBody, { type: T }>;
};

/** Wraps a body in the `{"type": "message", "message": ...}` envelope. */
export function systemMessage<B extends SystemMessageBody>(
  body: B,
  timeOffset?: number,
): SystemMessage & { message: B } {
  return timeOffset === undefined
    ? { type: 'message', message: body }
    : { type: 'message', message: body, timeOffset };
}

/** `started_listening`, without `data` so naive clients do not take it for the id message. */
export function startedListening(): SystemMessageOf<'started_listening'> {
  return systemMessage({ type: 'started_listening' });
}

/** `conversation_created` with the id in `data.conversationId`. */
export function conversationCreated(conversationId: string): SystemMessageOf<'conversation_created'> {
  return systemMessage({ type: 'conversation_created', data: { conversationId } });
}

/** `recognition_started` with the id in `data.conversationId`. */
export function recognitionStarted(conversationId: string): SystemMessageOf<'recognition_started'> {
  return systemMessage({ type: 'recognition_started', data: { conversationId } });
}

/** `recognition_stopped`, without `data`. */
export function recognitionStopped(): SystemMessageOf<'recognition_stopped'> {
  return systemMessage({ type: 'recognition_stopped' });
}

/** `conversation_completed` with the id in both places, since SDKs read it from one or the other. */
export function conversationCompleted(
  conversationId: string,
  summaryUrl?: string,
): SystemMessageOf<'conversation_completed'> {
  return systemMessage({
    type: 'conversation_completed',
    conversationId,
    summaryUrl,
    data: { conversationId },
  });
}

/** `session_modified` acknowledging a `modify_request`. */
export function sessionModified(
  conversationId: string,
  audio: { sampleRateHertz?: number; encoding?: StreamingAudioEncoding },
): SystemMessageOf<'session_modified'> {
  return systemMessage({ type: 'session_modified', data: { conversationId, ...audio } });
}

/** A nested `error` message; `details` says how to fix the request when there is something to say. */
export function streamingError(message: string, details?: string): SystemMessageOf<'error'> {
  return systemMessage({ type: 'error', message, details });
}

/** The conversation id a system message carries, wherever it carries it. */
export function conversationIdOf(body: SystemMessageBody): string | undefined {
  if (body.type === 'conversation_completed') return body.conversationId ?? body.data?.conversationId;
  return body.data?.conversationId;
}

import type { KeepAlivePong, ServerMessage } from '../model/streaming.ts';
import type { SystemMessageBody, SystemMessageOf } from '../model/streamingSystemMessages.ts';

/**
 * What a streaming session emits: every frame a streaming server sends, zod-parsed
 * (system messages, `message_response`, `insight_response`, `topic_response`, `tracker_response`,
 * `entity_response`, and the top-level `error` form). The keep-alive `__PONG__` is consumed by the
 * session and never emitted.
 */
export type StreamingEvent = Exclude<ServerMessage, KeepAlivePong>;

/** A streaming event with one top-level `type`. */
export type StreamingEventOf<T extends StreamingEvent['type']> = Extract<StreamingEvent, { type: T }>;

/** True when `event` is the system message (`{"type": "message"}`) of subtype `subtype`. */
export function isSystemMessage<T extends SystemMessageBody['type']>(
  event: StreamingEvent,
  subtype: T,
): event is SystemMessageOf<T> {
  return event.type === 'message' && event.message.type === subtype;
}

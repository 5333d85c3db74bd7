import { filter, map, type OperatorFunction, take } from 'rxjs';
import { conversationIdOf } from '../src/model/streamingSystemMessages.ts';
import type { StreamingEvent } from '../src/streaming/StreamingEvent.ts';

/**
 * The conversation id of a session, once (from the first system message that carries it, normally
 * `conversation_created`), then completes; completes empty if the session ends without one. Use it
 * to read the conversation with the Conversation API afterwards.
 */
export function conversationId(): OperatorFunction<StreamingEvent, string> {
  return (events$) =>
    events$.pipe(
      map((e) => (e.type === 'message' ? conversationIdOf(e.message) : undefined)),
      filter((id): id is string => id !== undefined),
      take(1),
    );
}

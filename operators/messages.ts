import { filter, mergeMap, type OperatorFunction } from 'rxjs';
import type { StreamingMessage } from '../src/model/streamingResults.ts';
import type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';

/**
 * The final messages of a session, one at a time, in order: the sentences of every
 * `message_response` (from every speaker of the conversation).
 */
export function messages(): OperatorFunction<StreamingEvent, StreamingMessage> {
  return (events$) =>
    events$.pipe(
      filter((e): e is StreamingEventOf<'message_response'> => e.type === 'message_response'),
      mergeMap((e) => e.messages),
    );
}

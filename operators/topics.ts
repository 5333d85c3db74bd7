import { filter, mergeMap, type OperatorFunction } from 'rxjs';
import type { StreamingTopic } from '../src/model/streamingResults.ts';
import type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';

/**
 * The topics of a session one at a time (from `topic_response`). A topic comes again, with the
 * same `id`, when its score or references change: key them by `id` to keep the current set.
 */
export function topics(): OperatorFunction<StreamingEvent, StreamingTopic> {
  return (events$) =>
    events$.pipe(
      filter((e): e is StreamingEventOf<'topic_response'> => e.type === 'topic_response'),
      mergeMap((e) => e.topics),
    );
}

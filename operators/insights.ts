import { filter, mergeMap, type OperatorFunction } from 'rxjs';
import type { StreamingInsight, StreamingInsightKind } from '../src/model/streamingResults.ts';
import type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';

/** An insight of one of the given kinds. */
export type InsightOf<T extends StreamingInsightKind> = StreamingInsight & { type: T };

/**
 * The insights of a session one at a time (from `insight_response`), only of `types` when given:
 * `insights('action_item')` is a stream of action items. The server sends only the types the
 * session's `insightTypes` asked for, so ask for them there too.
 */
export function insights<T extends StreamingInsightKind = StreamingInsightKind>(
  ...types: T[]
): OperatorFunction<StreamingEvent, InsightOf<T>> {
  const wanted = new Set<string>(types);
  return (events$) =>
    events$.pipe(
      filter((e): e is StreamingEventOf<'insight_response'> => e.type === 'insight_response'),
      mergeMap((e) => e.insights),
      filter((i): i is InsightOf<T> => wanted.size === 0 || wanted.has(i.type)),
    );
}

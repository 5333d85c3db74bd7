import { filter, mergeMap, type OperatorFunction } from 'rxjs';
import type { StreamingTracker } from '../src/model/streamingResults.ts';
import type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';

/** A tracker with the matches of one `tracker_response`, and whether they are on final text. */
export type TrackerMatches = StreamingTracker & { isFinal: boolean };

/** Options of {@link trackers}. */
export interface TrackersOptions {
  /** Only matches on final messages (default false: interim matches too, when the session asked for them). */
  final?: boolean;
}

/** Tracker matches as they are found (from `tracker_response`), one tracker at a time. */
export function trackers(options: TrackersOptions = {}): OperatorFunction<StreamingEvent, TrackerMatches> {
  const finalOnly = options.final ?? false;
  return (events$) =>
    events$.pipe(
      filter(
        (e): e is StreamingEventOf<'tracker_response'> =>
          e.type === 'tracker_response' && (!finalOnly || e.isFinal),
      ),
      mergeMap((e) => e.trackers.map((tracker) => ({ ...tracker, isFinal: e.isFinal }))),
    );
}

import { type MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { StreamingEvent } from './StreamingEvent.ts';

/**
 * Drops final results already seen: messages of `message_response` and insights of
 * `insight_response` by `id`, and final tracker matches by tracker, phrase and message. A frame
 * left empty is dropped whole. What a reconnecting session needs, since a server may re-send
 * results of audio it is given again. Items without an id always pass. Topics are not deduplicated:
 * a topic is re-sent on purpose when its score changes (key topics by id).
 *
 * Keeps one key per distinct result for the life of the subscription (a few kilobytes an hour).
 */
export function dedupeResults(): MonoTypeOperatorFunction<StreamingEvent> {
  return (source) =>
    new Observable<StreamingEvent>((subscriber) => {
      const seen = new Set<string>();
      const fresh = (key: string | undefined): boolean => {
        if (key === undefined) return true;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      };
      return source.subscribe({
        next: (event) => {
          if (event.type === 'message_response') {
            const messages = event.messages.filter((m) => fresh(m.id && `m:${m.id}`));
            if (messages.length > 0) {
              subscriber.next(messages.length === event.messages.length ? event : { ...event, messages });
            }
            return;
          }
          if (event.type === 'insight_response') {
            const insights = event.insights.filter((i) => fresh(`i:${i.id}`));
            if (insights.length > 0) {
              subscriber.next(insights.length === event.insights.length ? event : { ...event, insights });
            }
            return;
          }
          if (event.type === 'tracker_response' && event.isFinal) {
            let changed = false;
            const trackers = event.trackers
              .map((tracker) => {
                const matches = tracker.matches.filter((match) => {
                  const refs = match.messageRefs.map((r) => r.id).join(',');
                  const keep = fresh(`t:${tracker.id ?? tracker.name}\u0000${match.value}\u0000${refs}`);
                  if (!keep) changed = true;
                  return keep;
                });
                return matches.length === tracker.matches.length ? tracker : { ...tracker, matches };
              })
              .filter((tracker) => tracker.matches.length > 0);
            if (!changed) subscriber.next(event);
            else if (trackers.length > 0) subscriber.next({ ...event, trackers });
            return;
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

import type { SpeakerTimelineEvent } from '../../model/speakerEvents.ts';
import type { SpeakerEvent } from '../../model/telephony.ts';

/**
 * A pushed speaker event as an entry of the call's speaker timeline, timed from the
 * conversation's start (`startMs`); undefined for events that are not `started_speaking` or
 * `stopped_speaking`. An event without a timestamp happened when it arrived.
 */
export function speakerTimelineEvent(
  event: SpeakerEvent,
  startMs: number | undefined,
): SpeakerTimelineEvent | undefined {
  if (event.type !== 'started_speaking' && event.type !== 'stopped_speaking') return undefined;
  const at = event.timestamp === undefined ? Date.now() : Date.parse(event.timestamp);
  const offset = Math.max(0, (at - (startMs ?? at)) / 1000);
  const seconds = Math.floor(offset);
  return {
    type: event.type,
    user: {
      id: event.user.userId,
      name: event.user.name,
      ...(event.user.userId.includes('@') ? { email: event.user.userId } : {}),
    },
    offset: { seconds, nanos: Math.round((offset - seconds) * 1e9) },
  };
}

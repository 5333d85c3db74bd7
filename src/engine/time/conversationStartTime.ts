import type { RecordedTime } from '../audio/probeMedia.ts';
import { parseStartTime } from '../conversation/parseStartTime.ts';
import type { TimeZone } from './TimeZone.ts';

/** A recording dated more than this after the moment of the call has a clock that is wrong. */
const FUTURE_TOLERANCE_MS = 86_400_000;

/** What {@link conversationStartTime} chooses from. */
export interface StartTimeSources {
  /** The start the caller states (`startTime`, `--start-time`): ISO string, Date or epoch ms. */
  stated?: string | Date | number | undefined;
  /** The recording time its container states (`probeMedia`), if any. */
  recorded?: RecordedTime | undefined;
  /** Places a recorded local time that has no zone (Broadcast WAV). */
  timeZone: TimeZone;
  /** The moment of the call: when the request was made, or when the stream or call began (epoch ms). */
  now: number;
}

/**
 * When a conversation began (epoch ms), by one rule in the library (`transcribeAudio`), the CLI,
 * the server's jobs and live sessions: the time the caller states; else the time the recording's
 * container says it was made (QuickTime/MP4 `creation_time` and the like); else the moment of the
 * call. A recording dated more than a day after that moment has a wrong clock and is passed over.
 * The conversation's `startTime`, every message's times and every relative date follow from it.
 * @throws ValidationError when the stated time is not a time.
 */
export function conversationStartTime(sources: StartTimeSources): number {
  if (sources.stated !== undefined) return parseStartTime(sources.stated);
  const recorded = sources.recorded;
  if (recorded !== undefined) {
    const ms =
      recorded.kind === 'instant'
        ? recorded.epochMs
        : sources.timeZone.instantOf(
            recorded.year,
            recorded.month,
            recorded.day,
            recorded.hour,
            recorded.minute,
            recorded.second,
          );
    if (ms <= sources.now + FUTURE_TOLERANCE_MS) return ms;
  }
  return sources.now;
}

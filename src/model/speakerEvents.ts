import { z } from 'zod';
import { ConfirmationMessage } from './conversationCommon.ts';
import { idString, looseInteger } from './lenient.ts';

/* PUT /v1/conversations/{id}/speakers: re-attribution by a speaker timeline. */

/** Whether the user starts or stops speaking at the event's offset. */
export const SpeakerTimelineEventType = z.enum(['started_speaking', 'stopped_speaking']);
export type SpeakerTimelineEventType = z.infer<typeof SpeakerTimelineEventType>;

/**
 * The speaker of an event. `id` is any string (a Python SDK example uses `"abcd"`) and identifies the
 * speaker within the conversation; users unknown to the conversation become new members. `name`
 * and `email` are listed in the documentation but not every platform export has them, so they are optional.
 */
export const SpeakerTimelineUser = z.object({
  id: idString,
  name: z.string().optional(),
  email: z.string().optional(),
});
export type SpeakerTimelineUser = z.infer<typeof SpeakerTimelineUser>;

/**
 * Time since the start of the conversation as protobuf-style `{seconds, nanos}` (either may be a
 * numeric string, as protobuf JSON writes int64). `nanos` is NOT limited to < 1e9: every example of the
 * documentation and the Python SDK sends `5000000000`; the offset is `seconds + nanos / 1e9` (see
 * {@link speakerEventOffsetSeconds}).
 */
export const SpeakerEventOffset = z.object({
  seconds: looseInteger.pipe(z.number().min(0)),
  nanos: looseInteger.pipe(z.number().min(0)).default(0),
});
export type SpeakerEventOffset = z.infer<typeof SpeakerEventOffset>;

/** One event of the timeline. */
export const SpeakerTimelineEvent = z.object({
  type: SpeakerTimelineEventType,
  user: SpeakerTimelineUser,
  offset: SpeakerEventOffset,
});
export type SpeakerTimelineEvent = z.infer<typeof SpeakerTimelineEvent>;

/**
 * Body of PUT …/speakers. Events come in any order (sort by offset); intervals may overlap, in
 * which case each message goes to the speaker whose interval covers most of it (undocumented
 * rule). Unknown top-level keys are rejected; unknown keys inside events are ignored.
 */
export const SpeakerEventsRequest = z.strictObject({
  speakerEvents: z.array(SpeakerTimelineEvent),
});
export type SpeakerEventsRequest = z.infer<typeof SpeakerEventsRequest>;

/** PUT …/speakers success body. */
export const SpeakerEventsResponse = ConfirmationMessage;
export type SpeakerEventsResponse = z.infer<typeof SpeakerEventsResponse>;

/** An event offset in seconds: `seconds + nanos / 1e9`, `nanos` unbounded (see the schema). */
export function speakerEventOffsetSeconds(offset: SpeakerEventOffset): number {
  return offset.seconds + offset.nanos / 1e9;
}

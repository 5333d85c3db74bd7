import type { EngineSpeaker } from '../nlp/EngineMessage.ts';
import type { CustomEntity } from '../nlp/extractEntities.ts';
import type { TrackerDefinition } from '../nlp/TrackerMatcher.ts';
import type { TimeZone } from '../time/TimeZone.ts';

/** How a Conversation aggregate is set up (submit-time or start_request options). */
export interface ConversationOptions {
  /** Conversation id (numeric string); derived from name and startTime when absent. */
  conversationId?: string;
  /** Conversation name; defaults to the id. */
  name?: string;
  /** Conversation type (default "meeting"). */
  type?: string;
  /** When offset 0 of the conversation happened: ISO string, Date or epoch ms (default epoch 0). */
  startTime?: string | Date | number;
  /**
   * The time zone the people of the conversation live in: an IANA name (`Europe/Berlin`,
   * `US/Pacific`), `UTC`, a fixed offset (`-08:00`) or a {@link TimeZone}. Relative dates
   * ("tomorrow", "by Friday", "next quarter") resolve on its calendar, entity values are its
   * local dates, and due dates are served with its offset (`2026-12-11T00:00:00.000+01:00`).
   * Wins over `timezoneOffset`; default UTC.
   */
  timeZone?: string | TimeZone;
  /** Minutes behind UTC (Date.getTimezoneOffset convention: 480 is UTC-08:00), a fixed zone. */
  timezoneOffset?: number;
  /** Lowest insight score kept, 0..1 (default 0.5, the Async API's default). */
  confidenceThreshold?: number;
  /** Inline trackers; their matches make up trackers-detected. */
  trackers?: readonly TrackerDefinition[];
  /** Find person, organisation, location, date, number... entities (default false, as in the Async API). */
  detectEntities?: boolean;
  /** Custom entities matched by text (found even when detectEntities is off). */
  customEntities?: readonly CustomEntity[];
  /** Fill message `phrases` with action phrases (default false). */
  detectPhrases?: boolean;
  /** Members known up front (names, emails): speakers resolve to them. */
  members?: readonly EngineSpeaker[];
  /** Speaker of each audio channel, for utterances that carry only `channel`. */
  channels?: ReadonlyArray<{ channel: number; speaker: EngineSpeaker }>;
  /** Message id style: "numeric" (async API, default) or "uuid" (streaming). */
  messageIdStyle?: 'numeric' | 'uuid';
  /** Earlier messages analyzers see as context for a new one (addressee of requests). Default 8. */
  contextMessages?: number;
}

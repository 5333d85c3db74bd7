import type { z } from 'zod';
import type { CreateBookmarkRequest, UpdateBookmarkRequest } from '../model/bookmarks.ts';
import type { ConversationListQuery } from '../model/conversation.ts';
import type { ExperienceRequest } from '../model/experiences.ts';
import type { SpeakerEventsRequest } from '../model/speakerEvents.ts';
import type { FormattedTranscriptRequest } from '../model/transcript.ts';

/** Query of `list`; every field optional (server defaults: 20 items, last 7 days). */
export type ListConversationsQuery = z.input<typeof ConversationListQuery>;

/** Query of `getMessages`: `verbose` adds word timings, `sentiment` adds sentiment (both default false). */
export interface MessagesParameters {
  verbose?: boolean;
  sentiment?: boolean;
}

/**
 * Query of `getTopics`: `sentiment` per topic, `parentRefs` for the hierarchy (the server ignores
 * `sentiment` when both are set), `customTopicVocabulary` to favour terms, `refresh` to
 * regenerate. All default false / absent.
 */
export interface TopicsParameters {
  sentiment?: boolean;
  parentRefs?: boolean;
  customTopicVocabulary?: readonly string[];
  refresh?: boolean;
}

/**
 * Query of `getSummary`: `refresh: true` regenerates the summary, `false` adds to it what was
 * appended since; absent returns the stored one.
 */
export interface SummaryParameters {
  refresh?: boolean;
}

/** Options of `getFormattedTranscript`; `contentType` defaults to markdown. */
export type FormattedTranscriptOptions = Partial<FormattedTranscriptRequest>;

/** The new details of a member: `id` must be the member's id; an email of another member merges the two. */
export interface MemberUpdate {
  id: string;
  name: string;
  email?: string;
}

/** `{ speakerEvents: [{ type, user: { id, name?, email? }, offset: { seconds, nanos } }] }`. */
export type SpeakerEventsInput = z.input<typeof SpeakerEventsRequest>;

/** What an experience request may contain (before defaults and the `audioURL` spelling are folded). */
export type ExperienceRequestInput = z.input<typeof ExperienceRequest>;

/** A bookmark to create: `label`, non-empty `description`, `user`, `beginTimeOffset` and `duration` (whole seconds), `messageRefs`. */
export type BookmarkInput = z.input<typeof CreateBookmarkRequest>;

/** The bookmark fields to change; the others keep their values. */
export type BookmarkUpdate = z.input<typeof UpdateBookmarkRequest>;

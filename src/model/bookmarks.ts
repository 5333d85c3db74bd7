import { z } from 'zod';
import { IdRef } from './conversationCommon.ts';
import { idString } from './lenient.ts';
import { SummaryItem, SummaryResponse } from './summary.ts';

/*
 * Bookmarks (`/v1/conversations/{id}/bookmarks…`): labelled spans of a conversation and their
 * summaries. Only the Go SDK calls these endpoints (undocumented elsewhere), so the responses are
 * lenient; requests carry the Go SDK's validation messages.
 */

/** Who made a bookmark. */
export const BookmarkUser = z.looseObject({
  name: z.string().optional(),
  userId: z.string().optional(),
  email: z.string().optional(),
});
export type BookmarkUser = z.infer<typeof BookmarkUser>;

/** A bookmark: a labelled span of a conversation (`beginTimeOffset`, `duration` in seconds). */
export const Bookmark = z.looseObject({
  id: idString,
  label: z.string(),
  description: z.string().optional(),
  user: BookmarkUser.optional(),
  beginTimeOffset: z.number(),
  duration: z.number(),
  messageRefs: z.array(IdRef).optional(),
});
export type Bookmark = z.infer<typeof Bookmark>;

/**
 * The body of `POST …/bookmarks`. An empty `description` is rejected with the Go SDK's documented message.
 */
export const CreateBookmarkRequest = z.object({
  label: z.string().trim().min(1, '"label" is not allowed to be empty'),
  description: z.string().min(1, '"description" is not allowed to be empty'),
  user: z.object({
    name: z.string().optional(),
    userId: z.string().optional(),
    email: z.string().optional(),
  }),
  beginTimeOffset: z.number().int().min(0),
  duration: z.number().int().min(0),
  messageRefs: z.array(z.object({ id: idString })),
});
export type CreateBookmarkRequest = z.infer<typeof CreateBookmarkRequest>;

/** The body of `PUT …/bookmarks/{bookmarkId}`: any of the create fields. */
export const UpdateBookmarkRequest = CreateBookmarkRequest.partial();
export type UpdateBookmarkRequest = z.infer<typeof UpdateBookmarkRequest>;

/** `GET …/bookmarks`. */
export const BookmarksEnvelope = z.looseObject({ bookmarks: z.array(Bookmark) });
export type BookmarksEnvelope = z.infer<typeof BookmarksEnvelope>;

/** `GET …/bookmarks/{bookmarkId}/summary`: the conversation summary's response (summary.ts). */
export const BookmarkSummaryResponse = SummaryResponse;
export type BookmarkSummaryResponse = z.infer<typeof BookmarkSummaryResponse>;

/** `GET …/bookmarks-summary`: the summary of every bookmark. */
export const BookmarksSummaryResponse = z.looseObject({
  bookmarksSummary: z.array(z.looseObject({ bookmarkId: idString, summary: z.array(SummaryItem) })),
});
export type BookmarksSummaryResponse = z.infer<typeof BookmarksSummaryResponse>;

import { z } from 'zod';
import { IsoDateTime } from './conversationCommon.ts';
import { idString, looseBoolean } from './lenient.ts';

/* GET / POST /v1/conversations/{id}/summary. */

/**
 * Query of …/summary. `refresh=true` discards the stored summary and generates a new one;
 * `refresh=false` (POST tutorial) summarises only messages added since the last summary; absent
 * means "return what is stored, generating it if there is none". Unknown parameters are ignored.
 */
export const SummaryQuery = z.object({
  refresh: looseBoolean.optional(),
});
export type SummaryQuery = z.infer<typeof SummaryQuery>;

/** A message a summary item summarises. */
export const SummaryMessageRef = z.looseObject({ id: idString });
export type SummaryMessageRef = z.infer<typeof SummaryMessageRef>;

/**
 * One abstractive summary paragraph. The Go SDK adds optional `startTime`, `endTime` and
 * `bookmarkReference` (bookmarks feature).
 */
export const SummaryItem = z.looseObject({
  /** Scoped to the conversation. */
  id: idString,
  text: z.string(),
  messageRefs: z.array(SummaryMessageRef),
  startTime: IsoDateTime.optional(),
  endTime: IsoDateTime.optional(),
  bookmarkReference: z.looseObject({ id: idString }).optional(),
});
export type SummaryItem = z.infer<typeof SummaryItem>;

/** …/summary response. */
export const SummaryResponse = z.looseObject({ summary: z.array(SummaryItem) });
export type SummaryResponse = z.infer<typeof SummaryResponse>;

import { z } from 'zod';
import { Score, Sentiment } from './conversationCommon.ts';
import { idString, looseBoolean } from './lenient.ts';

/* GET /v1/conversations/{id}/topics. */

/**
 * A custom topic vocabulary in any of the encodings clients use: a repeated key (array),
 * a JSON array (`["a","b"]`), the Go SDK's unquoted `[a,b]`, or a plain comma-separated
 * string. Normalised to the list of non-empty, trimmed terms.
 */
export const TopicVocabulary = z.union([z.array(z.string()), z.string()]).transform((input, ctx) => {
  if (Array.isArray(input)) return cleanTerms(input);
  const text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((term) => typeof term === 'string'))
        return cleanTerms(parsed);
    } catch {
      // Not JSON: the Go SDK's unquoted `[a,b]`.
    }
    return cleanTerms(text.slice(1, -1).split(','));
  }
  if (text.startsWith('[') || text.startsWith('{')) {
    ctx.addIssue({ code: 'custom', message: 'expected a list of terms' });
    return z.NEVER;
  }
  return cleanTerms(text.split(','));
});
export type TopicVocabulary = z.infer<typeof TopicVocabulary>;

function cleanTerms(terms: readonly string[]): string[] {
  return terms.map((term) => term.trim()).filter((term) => term !== '');
}

/**
 * Query of GET …/topics. `sentiment` and `parentRefs` default to false; when both are true the
 * server ignores `sentiment` (as documented). `customTopicVocabulary` (Labs) also arrives under its older
 * name `customVocabulary`; the output carries it only as `customTopicVocabulary` (the newer name
 * wins when both are sent). `refresh` regenerates the topics.
 */
export const TopicsQuery = z
  .object({
    sentiment: looseBoolean.default(false),
    parentRefs: looseBoolean.default(false),
    customTopicVocabulary: TopicVocabulary.optional(),
    customVocabulary: TopicVocabulary.optional(),
    refresh: looseBoolean.default(false),
  })
  .transform(({ customVocabulary, customTopicVocabulary, ...rest }) => {
    const vocabulary = customTopicVocabulary ?? customVocabulary;
    const query: typeof rest & { customTopicVocabulary?: string[] } = { ...rest };
    if (vocabulary !== undefined) query.customTopicVocabulary = vocabulary;
    return query;
  });
export type TopicsQuery = z.infer<typeof TopicsQuery>;

/** A topic's parent, referenced by `text` (the parent is itself in the list). */
export const TopicParentRef = z.looseObject({
  type: z.string().min(1),
  text: z.string(),
});
export type TopicParentRef = z.infer<typeof TopicParentRef>;

/**
 * One topic. `parentRefs: []` marks a root; Parley always emits it, but the cloud omits it
 * without `parentRefs=true`, so it is optional. `sentiment` only with `sentiment=true`.
 */
export const Topic = z.looseObject({
  id: idString,
  /** Topic phrase, lower case in examples. */
  text: z.string(),
  type: z.literal('topic'),
  score: Score,
  messageIds: z.array(idString),
  parentRefs: z.array(TopicParentRef).optional(),
  sentiment: Sentiment.optional(),
});
export type Topic = z.infer<typeof Topic>;

/** GET …/topics response. */
export const TopicsResponse = z.looseObject({ topics: z.array(Topic) });
export type TopicsResponse = z.infer<typeof TopicsResponse>;

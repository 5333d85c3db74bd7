import nlp from 'compromise';

/** Lexicon words compromise tags as names or places that are far more often common words. */
const commonWords = new Set(
  'will may mark bill grace hope joy rose faith pat frank art rich ray sky summer jack dawn chase rob sue june major deal guy page case long young king lane wood park hill bush'.split(
    ' ',
  ),
);
/** compromise's lexicon tags of names: people, places, organisations, titles. */
export const nameLexiconTags: ReadonlySet<string> = new Set([
  'FirstName',
  'MaleName',
  'FemaleName',
  'LastName',
  'City',
  'Country',
  'Region',
  'Place',
  'Organization',
  'Honorific',
]);
const properTags = new Set([...nameLexiconTags, 'WeekDay', 'Month']);

let lexicon: Record<string, string | string[]> | undefined;
/** compromise's lexicon tag (or tags) of a lower-case word, undefined when it is not listed. */
export function lexiconTag(word: string): string | string[] | undefined {
  lexicon ??= (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model()
    .one.lexicon;
  return lexicon[word];
}

/** Interjections and hesitations, which compromise's lexicon does not list. */
const fillers = /^(?:um+|uh+|hm+|mm+|ah+|oh+|er+|erm|uh-huh|mhm)$/;

/**
 * Whether a word is an everyday word rather than a possible name: compromise's lexicon lists it
 * without a name tag, or it is an adverb in -ly or a filler ("Sure", "Okay", "Honestly", "Um").
 * Unknown words ("Zanele") are possible names.
 */
export function isCommonWord(word: string): boolean {
  const key = word.toLowerCase();
  if (commonWords.has(key) || fillers.test(key) || /^[a-z]{3,}ly$/.test(key)) return true;
  const tag = lexiconTag(key);
  return tag !== undefined && !isProperNameWord(key);
}

/**
 * Whether a lower-case word is a name, place, organisation, weekday or month in compromise's
 * lexicon and not far more often a common word ("will", "mark", "may").
 */
export function isProperNameWord(word: string): boolean {
  const key = word.toLowerCase();
  if (commonWords.has(key)) return false;
  const tag = lexiconTag(key);
  const tags = Array.isArray(tag) ? tag : tag === undefined ? [] : [tag];
  return tags.some((t) => properTags.has(t));
}

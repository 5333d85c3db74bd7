import { isProperNameWord } from '../nlp/isProperNameWord.ts';

/**
 * Whether `text` is cased the way recognised speech is: lower case, except the first letter of a
 * sentence, the word "I" and the names the punctuation stage knows ("Dana"). Capitals elsewhere
 * mean a person typed the text, so a lower-case word there is not a name.
 */
export function hasRecognizerCase(text: string): boolean {
  const stripped = text
    .replace(/(^|[.!?]\s+)\p{Lu}/gu, '$1')
    .replace(/\bI(?=\b|')/g, '')
    .replace(/\b\p{Lu}\p{Ll}+\b/gu, (word) => (isProperNameWord(word) ? '' : word));
  return stripped === stripped.toLowerCase();
}

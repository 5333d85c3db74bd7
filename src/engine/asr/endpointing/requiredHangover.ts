import type { ResolvedEndpointingSettings } from './EndpointingSettings.ts';

/**
 * Words an English sentence does not end with: articles, conjunctions, most prepositions and
 * possessives. An utterance whose last word is one of these is waiting for more.
 */
export const NON_FINAL_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'nor',
  'to',
  'of',
  'for',
  'with',
  'from',
  'into',
  'onto',
  'at',
  'by',
  'than',
  'if',
  'because',
  'whether',
  'my',
  'your',
  'our',
  'their',
  'his',
  'its',
  'uh',
  'um',
]);

/**
 * Fewest words an utterance needs before it can end on the short hangover: a lone word ("yes",
 * "so", a name) is most often followed by more after a comma's pause.
 */
export const MIN_FINISHED_WORDS = 2;

/** What the decoder knows of an utterance when its speech stops. */
export interface UtteranceEndCues {
  /** The words of the partial hypothesis, oldest first. */
  words: readonly string[];
  /** log10 of the language model's probability of a sentence end after the last words. */
  sentenceEndLog10: number;
}

/**
 * Seconds of silence after which an utterance with these cues is over: the short hangover when
 * it looks like a finished sentence (the language model expects an end there, the last word can
 * end one, and there is more than a lone word), the long one otherwise.
 */
export function requiredHangover(cues: UtteranceEndCues, settings: ResolvedEndpointingSettings): number {
  const last = cues.words[cues.words.length - 1];
  if (last === undefined || NON_FINAL_WORDS.has(last) || cues.words.length < MIN_FINISHED_WORDS)
    return settings.longHangoverSeconds;
  if (cues.sentenceEndLog10 >= settings.sentenceEndLog10) return settings.shortHangoverSeconds;
  return settings.longHangoverSeconds;
}

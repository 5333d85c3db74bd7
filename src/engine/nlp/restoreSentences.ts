import { isProperNameWord } from './isProperNameWord.ts';
import { questionScore } from './questionScore.ts';

/** Words after which a sentence cannot end ("the", "to", "and", "i", modal verbs...). */
const cannotEnd = new Set(
  (
    'the a an to of and or but for with in on at by from that which who whose if because as than ' +
    'my your our their his her its i we they he she is are was were be been am do does did can ' +
    "could will would should shall may might must have has had very really into about not i'm i'll " +
    "we're we'll you're they're it's that's there's let's let um uh so just also then when where what how"
  ).split(' '),
);
/** Words that often open a new sentence in speech. */
const openers = new Set(
  (
    "i i'm i'll i've i'd we we'll we're we've let's so okay ok yes yeah no well thanks thank what " +
    'when where who why how can could would do does did is are will should please alright sure great ' +
    'good hi hello also anyway right perfect'
  ).split(' '),
);
const auxiliaries = new Set(
  'do does did is are was were can could will would should shall have has'.split(' '),
);
const pronouns = new Set('you we i they he she it there'.split(' '));
/** What follows an auxiliary that opens a question: a subject ("can you", "is the page"). */
const subjectsAfterAux = new Set([...pronouns, ...'anyone anybody everyone'.split(' ')]);
const whWords = new Set('what when where who why how which'.split(' '));
/**
 * Words after which a wh-clause is the object, not a new question: "I know what it is", "the
 * question where is x", "that's exactly what we need".
 */
const embedders = new Set(
  (
    'know knows knew wonder wondering wondered ask asked asks asking question answer decide decision say says said ' +
    'tell told see sure understand remember figure idea matter depends explain guess care thinking ' +
    'show exactly just basically actually precisely'
  ).split(' '),
);
/** Copulas: without a pause, "the spec is there" goes on rather than asking "is there?". */
const copulas = new Set('is was are were'.split(' '));
/** Openers that take a comma when more words follow ("Yes, it is."). */
const interjections = new Set('yes yeah okay ok sure alright hi hello no'.split(' '));
const notInterjectionFollowers = new Set(
  'problem worries way one longer more matter doubt doubts'.split(' '),
);
/** A restored sentence: the half-open word range [from, to) and its rendered text. */
export interface RestoredSentence {
  from: number;
  to: number;
  text: string;
}

export interface RestoreOptions {
  /** Lower-case names (members) to capitalise besides those compromise knows. */
  names?: ReadonlySet<string>;
  /** Pause, in seconds, that ends a sentence when the words around it allow it. */
  pauseSeconds?: number;
}

function bare(word: string): string {
  return word
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, '');
}

/** Whether a sentence boundary goes before word `i` (i >= 1). */
function boundaryBefore(
  words: readonly string[],
  gaps: readonly (number | undefined)[],
  i: number,
  pause: number,
) {
  const prev = bare(words[i - 1]!);
  const next = bare(words[i]!);
  const after = words[i + 1] === undefined ? '' : bare(words[i + 1]!);
  if (/[.?!]["')\]]*$/.test(words[i - 1]!)) return true;
  const gap = gaps[i - 1];
  const prevMayEnd = !cannotEnd.has(prev);
  const strongStart =
    // "who"/"which" after a noun usually open a relative clause, not a question.
    (whWords.has(next) && next !== 'who' && next !== 'which' && auxiliaries.has(after)) ||
    (auxiliaries.has(next) && subjectsAfterAux.has(after) && !/^(that|this|what|which|who)$/.test(prev)) ||
    ((next === 'how' || next === 'what') && /^(much|many|long|often|far|about)$/.test(after)) ||
    next === "let's" ||
    ((next === 'okay' || next === 'thanks' || next === 'ok') && after !== '');
  if (gap === undefined) return prevMayEnd && strongStart && !embedders.has(prev) && !copulas.has(next);
  if (gap >= 1.2) return true;
  if (gap >= pause && prevMayEnd) return true;
  return gap >= pause / 2 && prevMayEnd && !embedders.has(prev) && (strongStart || openers.has(next));
}

function caseWord(word: string, first: boolean, names: ReadonlySet<string> | undefined): string {
  const key = bare(word);
  if (key === 'i' || key.startsWith("i'")) return word.replace(/^i/, 'I');
  if (first || (names?.has(key) ?? false)) return word.charAt(0).toUpperCase() + word.slice(1);
  if (isProperNameWord(key)) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/**
 * Renders words of one sentence as text: capital at the start, "I", known proper names (from
 * compromise's lexicon and `names`), a comma after an opening "yes"/"okay", and a final "?" when
 * questionScore says so, else ".". Punctuation already on the words is kept.
 */
export function renderSentence(words: readonly string[], names?: ReadonlySet<string>): string {
  const out = words.map((w, i) => caseWord(w, i === 0, names));
  if (out.length > 1) {
    const head = bare(out[0]!);
    const second = bare(out[1]!);
    if (interjections.has(head) && !notInterjectionFollowers.has(second) && !/[,.?!]$/.test(out[0]!)) {
      out[0] = `${out[0]},`;
    }
  }
  let text = out.join(' ');
  if (text !== '' && !/[.?!]["')\]]*$/.test(text)) text += questionScore(text) >= 0.5 ? '?' : '.';
  return text;
}

/**
 * Finds sentence boundaries in unpunctuated speech (a recogniser's lower-case words) from pauses
 * between words and syntax cues (a boundary needs a word that can end a sentence before it; a
 * question opening such as "can you" or "what is" after it lowers the pause needed; without
 * timings only such openings split), then renders each sentence with renderSentence.
 * `gaps[i]` is the silence between words i and i+1 in seconds, undefined when unknown.
 */
export function restoreSentences(
  words: readonly string[],
  gaps: readonly (number | undefined)[],
  options: RestoreOptions = {},
): RestoredSentence[] {
  const pause = options.pauseSeconds ?? 0.45;
  const minWords = 2;
  const sentences: RestoredSentence[] = [];
  let from = 0;
  for (let i = 1; i < words.length; i++) {
    const longEnough = i - from >= minWords && words.length - i >= Math.min(minWords, 2);
    const punctuated = /[.?!]["')\]]*$/.test(words[i - 1]!);
    if ((longEnough || punctuated) && boundaryBefore(words, gaps, i, pause)) {
      sentences.push({ from, to: i, text: '' });
      from = i;
    }
  }
  if (words.length > from) sentences.push({ from, to: words.length, text: '' });
  for (const s of sentences) s.text = renderSentence(words.slice(s.from, s.to), options.names);
  return sentences;
}

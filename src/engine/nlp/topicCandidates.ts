import type { LemmaToken } from './lemmaTokens.ts';

/** A noun phrase found in one message, the raw material of topics. */
export interface TopicCandidate {
  /** Lemmas joined by spaces: the identity of the topic ("login problem"). */
  key: string;
  /** Lower-case words as written ("login problems"). */
  surface: string;
  /** Lemma of the head noun (last word): broader topics parent narrower ones sharing it. */
  head: string;
  /** Surface form of the head word. */
  headSurface: string;
  words: number;
}

const nominal = new Set(['NOUN', 'PROPN', 'ADJ']);
const headTags = new Set(['NOUN', 'PROPN']);
/** Phrases longer than this are cut to their last words: long runs are usually tagger noise. */
const maxWords = 3;

/**
 * Nouns too general to stand alone as a topic ("time", "thing", calendar words). They still
 * occur inside longer phrases ("real time analytics").
 */
const genericNouns = new Set(
  (
    'time thing things way lot bit kind sort stuff part point number people person guy guys everyone ' +
    'anyone someone something anything everything nothing day days week weeks month months year years ' +
    'today tomorrow yesterday tonight morning afternoon evening night minute minutes hour hours second ' +
    'seconds quarter end start beginning idea question questions answer problem issue issues case fact ' +
    'place side yes okay ok name lot lots couple one ones others other percent moment times dollar ' +
    'cent euro pound buck team'
  ).split(' '),
);

/**
 * Words that end a phrase instead of joining it: calendar words ("the team tomorrow"), greetings
 * and titles ("thanks Brian", "mister Hill").
 */
const breakers = new Set(
  (
    'today tomorrow yesterday tonight morning afternoon evening night week weekend month year quarter ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june ' +
    'july august september october november december thanks thank hi hello hey bye goodbye please ' +
    'sir madam mister mr mrs ms dr'
  ).split(' '),
);

/**
 * Adjectives that qualify without narrowing ("better dashboard" is the dashboard): dropped from
 * the front of a phrase so that evaluations do not split one topic into many.
 */
const evaluativeAdjectives = new Set(
  (
    'good better best bad worse worst big bigger biggest small smaller smallest great large larger ' +
    'largest little new old other last next first second third same different several many much more ' +
    'most few fewer less least whole entire certain sure quick slow main major minor ' +
    'huge nice fine important current previous recent own early late latest high higher low lower ' +
    'long short easy hard possible able happy sorry right wrong overall total available specific ' +
    'simple full quite fair'
  ).split(' '),
);

const wordLike = /^[\p{L}][\p{L}\p{N}'&-]*$/u;

/**
 * Noun phrases of one message (runs of adjectives and nouns ending in a noun), each with its lemma
 * key and head word. Single proper nouns are left out: alone they are names (entities), not topics.
 */
export function topicCandidates(tokens: readonly LemmaToken[]): TopicCandidate[] {
  const found: TopicCandidate[] = [];
  let run: LemmaToken[] = [];
  const flush = (): void => {
    const candidate = candidateFromRun(run);
    if (candidate !== undefined) found.push(candidate);
    run = [];
  };
  for (const token of tokens) {
    const usable =
      nominal.has(token.pos) && !token.stop && !breakers.has(token.lemma) && wordLike.test(token.text);
    if (usable) run.push(token);
    else flush();
  }
  flush();
  return found;
}

function candidateFromRun(run: readonly LemmaToken[]): TopicCandidate | undefined {
  let end = run.length;
  while (end > 0 && !headTags.has(run[end - 1]?.pos ?? '')) end -= 1;
  let start = 0;
  while (start < end && run[start]?.pos === 'ADJ' && evaluativeAdjectives.has(run[start]?.lemma ?? '')) {
    start += 1;
  }
  start = Math.max(start, end - maxWords);
  const words = run.slice(start, end);
  const head = words[words.length - 1];
  if (head === undefined) return undefined;
  // All proper nouns: a name ("Linda Scott"), which is an entity, not a topic.
  if (words.every((w) => w.pos === 'PROPN')) return undefined;
  if (words.length === 1 && genericNouns.has(head.lemma)) return undefined;
  if (head.lemma.length < 2) return undefined;
  return {
    key: words.map((w) => w.lemma).join(' '),
    surface: words.map((w) => w.text.toLowerCase()).join(' '),
    head: head.lemma,
    headSurface: head.text.toLowerCase(),
    words: words.length,
  };
}

/** Whether a lone head lemma may stand as a (parent) topic. */
export function isTopicalHead(lemma: string): boolean {
  return lemma.length >= 2 && !genericNouns.has(lemma);
}

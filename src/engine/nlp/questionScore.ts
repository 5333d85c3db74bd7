import { wordTokens } from './sentenceFeatures.ts';

/** Auxiliaries that open a yes/no question when followed by a subject ("can you", "is it"). */
const auxiliaries = new Set(
  (
    'do does did is are was were am can could will would should shall may might must have has had ' +
    "don't doesn't didn't isn't aren't wasn't weren't can't cannot couldn't won't wouldn't shouldn't " +
    "haven't hasn't hadn't dont doesnt didnt isnt arent cant couldnt wont wouldnt shouldnt havent"
  ).split(' '),
);
const subjects = new Set(
  (
    'you i we they he she it there that this these those the a an your my our their his her its ' +
    "anyone anybody everyone everybody someone somebody anything something everything y'all ya u " +
    "we're you're it's that's there's i'm i'll i'd i've we'll we've we'd you'll you've they'll they've " +
    "they'd he's she's he'll she'll"
  ).split(' '),
);
const notVocatives = new Set(
  'i it that this there they he she we you what which who when where why how these those here then'.split(
    ' ',
  ),
);
const vocativeSubjects = new Set(['you', 'we', 'i', 'they', 'he', 'she', 'it', 'there']);
const whWords = new Set(['what', 'when', 'where', 'who', 'whom', 'whose', 'why', 'which', 'how']);
/** After a wh-word these mark a question ("what is", "how do") rather than a relative clause. */
const whFollowers = new Set([
  ...auxiliaries,
  "what's",
  "where's",
  "who's",
  "how's",
  "when's",
  'much',
  'many',
  'long',
  'often',
  'far',
  'about',
  'come',
  'else',
  'kind',
  'sort',
  'type',
  'time',
  'exactly',
  'not',
  'if',
]);
const contractedWh = new Set(["what's", "where's", "who's", "how's", "when's", "why's", "what're", "how'd"]);
/** Words that may precede the question proper: discourse markers and fillers. */
const leadIns = new Set(
  'so and but okay ok well um uh oh yeah yes no alright right also then now hey hi sorry actually just like anyway and'.split(
    ' ',
  ),
);
const infoRequests = [
  /\b(can|could|would) (you|u) (please )?(tell|show|explain|remind|let) (me|us)\b/,
  /\bi (was|am|'m) wondering\b/,
  /\bi wonder (if|whether|what|how|why|when|who|where)\b/,
  /\b(do|did|does) (you|anyone|anybody|he|she|they) (know|remember|have any idea)\b/,
  /\b(any|some) (idea|ideas|thoughts|questions|updates|news|blockers|comments|concerns|feedback)\b/,
  /\b(i'd|i would|i want to|i'd like to|i would like to) (like to )?(know|ask|understand)\b/,
  /^(please )?(tell|explain to|remind) (me|us)\b/,
  /\bis there (any|anything|a way)\b/,
  /\bwhat about\b/,
  /\bhow about\b/,
];
/**
 * Words that leave a sentence unfinished ("so what is the", "would you say that the"): a speaker
 * cut off or interrupted has not asked anything yet.
 */
const unfinishedEndings = new Set(
  "the a an my your our their every and but because if than of um uh i'm we're you're they're it's that's there's let's i'll we'll".split(
    ' ',
  ),
);
/** Before a final "okay"/"right" these make it part of the statement ("he said okay", "it's okay"). */
const tagBlockers = new Set(
  "said say says like was is be are were it's that's sounds sounded seems seemed looks looked feel feels felt all".split(
    ' ',
  ),
);
const tagEndings = [
  /\b(isn't|aren't|don't|doesn't|didn't|won't|can't|wasn't|weren't|haven't|shouldn't) (it|you|we|they|he|she|there|i)$/,
  /,? (right|correct|ok|okay|yeah|no)$/,
];

/**
 * Confidence 0..1 that one sentence is a question or a request for information, from its words
 * alone (wh-word questions, auxiliary inversion, "can you tell me", "I was wondering", tag
 * questions) plus a trailing "?" when present. Works on unpunctuated recogniser output; the
 * segmenter uses it to choose "?" and detectQuestions to report questions.
 */
export function questionScore(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const marked = /\?["')\]]*$/.test(trimmed);
  // Restarts ("what what are", "is is there") repeat the opening word; read it once.
  const all = wordTokens(trimmed).filter((t, i, tokens) => t !== tokens[i - 1]);
  if (all.length === 0) return marked ? 0.9 : 0;
  let start = 0;
  // Skip lead-ins and a vocative name ("Nina, do you ...", "so um what ...").
  while (start < all.length - 1 && leadIns.has(all[start]!)) start++;
  if (start === 0 && all.length > 2 && /^\s*[A-Z][a-z]+,?\s/.test(trimmed) && !notVocatives.has(all[0]!)) {
    const next = all[1]!;
    const comma = /^\s*[A-Z][a-z]+,/.test(trimmed);
    // Without a comma only a clear question opening after the name counts ("Steven can you ...").
    const opens =
      whWords.has(next) || contractedWh.has(next) || (auxiliaries.has(next) && vocativeSubjects.has(all[2]!));
    if (comma ? opens || auxiliaries.has(next) : opens) start = 1;
  }
  const words = all.slice(start);
  const joined = words.join(' ');
  const first = words[0]!;
  const second = words[1];
  let score = 0;
  if (first === 'which' && second !== undefined && auxiliaries.has(second)) score = 0.45;
  else if (whWords.has(first) && (second === undefined || whFollowers.has(second))) score = 0.9;
  else if (contractedWh.has(first)) score = 0.9;
  else if (whWords.has(first) && second !== undefined && subjects.has(second)) score = 0.35;
  else if (whWords.has(first)) score = 0.55;
  else if (
    auxiliaries.has(first) &&
    second !== undefined &&
    (subjects.has(second) || /^[a-z]+$/.test(second))
  ) {
    score = subjects.has(second) ? 0.9 : 0.45;
    // "have a good day", "do not", "will do" are not questions.
    if (first === 'have' && (second === 'a' || second === 'the' || second === 'fun')) score = 0.1;
    if (second === 'not' || second === 'do') score = 0.1;
    // "do it", "do that": an imperative, not "do it ...?".
    if (first === 'do' && words.length === 2 && /^(it|that|this|them|so)$/.test(second)) score = 0.1;
  }
  // Infinitives and pseudo-clefts open with a wh-word without asking: "how to do it", "what I mean is".
  if (whWords.has(first) && second === 'to') score = 0.2;
  if (
    whWords.has(first) &&
    first !== 'how' &&
    (second === undefined || subjects.has(second)) &&
    /^\w+( [\w']+){1,4} (is|was) (that|the|a|to|we|i|you|it|just|like)\b/.test(joined)
  ) {
    if (second === undefined || !auxiliaries.has(second)) score = Math.min(score, 0.3);
  }
  const structural = score;
  if (score < 0.5 && infoRequests.some((re) => re.test(joined))) score = 0.8;
  if (
    score < 0.5 &&
    words.length > 2 &&
    tagEndings.some((re) => re.test(joined)) &&
    (marked || !tagBlockers.has(words[words.length - 2]!))
  )
    score = marked ? 0.7 : 0.55;
  // An unfinished sentence asks nothing yet, whatever its opening.
  if (!marked && words.length > 1 && unfinishedEndings.has(words[words.length - 1]!))
    score = Math.min(score, 0.3);
  if (marked) score = Math.max(score, 0.9) + (score >= 0.5 ? 0.08 : 0);
  // A writer's full stop is evidence against a question built from word order alone.
  else if (/[.!]["')\]]*$/.test(trimmed) && score === structural) score -= 0.45;
  return Math.min(1, Math.round(score * 100) / 100);
}

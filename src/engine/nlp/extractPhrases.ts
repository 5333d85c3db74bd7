import * as chrono from 'chrono-node';
import type { InsightPhrase } from './EngineInsight.ts';
import { type LemmaToken, lemmaTokens } from './lemmaTokens.ts';

/** Modals after which the next verb starts an action ("I will send", "please book", "let's go"). */
const modalTriggers = new Set(['will', 'shall', "'ll", 'must', 'should', 'let', 'please']);
/** Verbs that start an action only through "to" ("we need to book", "I am going to call"). */
const toTriggers = new Set(['need', 'have', 'going', 'plan', 'want', 'got', 'try']);
/** Words allowed between a trigger and its verb. */
const fillers = new Set([
  'to',
  'us',
  "'s",
  'me',
  'please',
  'also',
  'then',
  'just',
  'definitely',
  'probably',
  'still',
  'first',
]);
/** Requests: "can you send", "could you please check". */
const requestModals = new Set(['can', 'could', 'would', 'will']);
/** Clause boundaries: the phrase stops before them. */
const clauseBreak = new Set([
  'and',
  'but',
  'because',
  'so',
  'if',
  'while',
  'although',
  'or',
  'since',
  'when',
  'unless',
]);
/** Verbs that open sentences without being requests ("Thanks", "Sounds good"). */
const notActions = new Set([
  'thank',
  'sound',
  'seem',
  'look',
  'be',
  'see',
  'agree',
  'hope',
  'guess',
  'think',
  'mean',
]);
/** Deadline wording chrono-node does not parse ("by the end of the week", "asap"). */
const deadline =
  /\b(?:(?:by|before|until|no later than)\s+(?:the\s+)?(?:end|eod|close|start|beginning|middle)\b|asap\b|as soon as possible\b)/i;
/** Function words left dangling at the end after the date is cut off. */
const dangling = new Set([
  'by',
  'on',
  'for',
  'at',
  'in',
  'before',
  'until',
  'next',
  'this',
  'the',
  'to',
  'of',
  'and',
]);
const maxPhraseWords = 12;

function isVerb(token: LemmaToken | undefined, allowDo = true): boolean {
  return (
    token !== undefined && (token.pos === 'VERB' || (allowDo && token.pos === 'AUX' && token.lemma === 'do'))
  );
}

/** Index of the verb that opens the action, or -1 when the sentence is not actionable. */
function actionStart(tokens: readonly LemmaToken[]): number {
  const words = tokens.filter((t) => t.pos !== 'PUNCT');
  const first = words[0];
  if (first === undefined) return -1;
  const question = words[words.length - 1]?.text === '?';
  // Imperative: "Send the deck" (a sentence-initial "Do ..." is a question, not an order).
  if (
    !question &&
    isVerb(first, false) &&
    first.text.toLowerCase() === first.lemma &&
    !notActions.has(first.lemma)
  ) {
    return tokens.indexOf(first);
  }
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as LemmaToken;
    const next = tokens[i + 1];
    // Request: "can you send", "could you please send".
    if (requestModals.has(token.lemma) && next?.lemma === 'you') {
      let j = i + 2;
      while (j < i + 4 && fillers.has(tokens[j]?.lemma ?? '')) j += 1;
      if (isVerb(tokens[j]) && !notActions.has(tokens[j]?.lemma ?? '')) return j;
    }
    const modal = modalTriggers.has(token.lemma) || token.text.toLowerCase() === "'ll";
    const viaTo = toTriggers.has(token.lemma) && next?.lemma === 'to';
    if (modal || viaTo) {
      let j = i + 1;
      while (j < tokens.length && j <= i + 3 && fillers.has(tokens[j]?.lemma ?? '')) j += 1;
      const verb = tokens[j];
      if (isVerb(verb) && !notActions.has(verb?.lemma ?? '')) return j;
    }
  }
  return -1;
}

/**
 * The actionable part of a sentence (`action_phrase`): the verb phrase
 * of a commitment, request or instruction, cut before its deadline ("Can you send me the renewal
 * quote by Friday?" -> "send me the renewal quote"). Other sentences yield no phrase. Pass `tokens`
 * when the caller already has lemmaTokens(text).
 */
export function extractPhrases(
  text: string,
  tokens: readonly LemmaToken[] = lemmaTokens(text),
): InsightPhrase[] {
  const start = actionStart(tokens);
  if (start < 0) return [];
  let end = start;
  let words = 0;
  while (end < tokens.length && words < maxPhraseWords) {
    const token = tokens[end] as LemmaToken;
    if (token.pos === 'PUNCT' || (words >= 2 && clauseBreak.has(token.lemma))) break;
    words += 1;
    end += 1;
  }
  const from = (tokens[start] as LemmaToken).offset;
  const last = tokens[end - 1] as LemmaToken;
  let phrase = text.slice(from, last.offset + last.text.length);
  const date = chrono.parse(phrase)[0];
  const cut = Math.min(date?.index ?? phrase.length, deadline.exec(phrase)?.index ?? phrase.length);
  phrase = phrase.slice(0, cut).trim();
  const parts = phrase.split(/\s+/);
  while (parts.length > 1 && dangling.has((parts[parts.length - 1] ?? '').toLowerCase())) parts.pop();
  phrase = parts.join(' ');
  if (phrase.split(/\s+/).length < 2) return [];
  return [{ type: 'action_phrase', text: phrase }];
}

import { ValidationError } from '../../errors/ValidationError.ts';
import { escapeRegExp } from './escapeRegExp.ts';
import { type LemmaToken, lemmaTokens } from './lemmaTokens.ts';

/** A tracker as given at submit time (inline) or resolved from a managed tracker. */
export interface TrackerDefinition {
  id?: string | undefined;
  name: string;
  vocabulary: readonly string[];
}

/** One vocabulary phrase found in a text: exact (offset >= 0) or by meaning (offset -1). */
export interface TrackerHit {
  /** Index of the tracker in the definitions given to the matcher. */
  tracker: number;
  /** The vocabulary phrase that matched, as the user wrote it. */
  value: string;
  /** Character offset of an exact match, -1 for an inflected or paraphrased one. */
  offset: number;
}

interface CompiledPhrase {
  tracker: number;
  value: string;
  exact: RegExp;
  /** Content lemmas (each widened to its paraphrase group) that must appear. */
  lemmas: ReadonlyArray<ReadonlySet<string>>;
}

/**
 * Small groups of words used interchangeably in business conversations. Lemmas inside a group
 * match each other, so "pricing" finds "how much does it cost" and "cancel" finds "terminate".
 */
const paraphraseGroups: readonly (readonly string[])[] = [
  ['cost', 'price', 'pricing', 'expensive', 'cheap', 'afford', 'affordable', 'fee', 'charge', 'rate'],
  ['cancel', 'cancellation', 'terminate', 'termination', 'quit', 'discontinue'],
  ['discount', 'deal', 'reduction', 'coupon', 'rebate'],
  ['budget', 'funding', 'fund', 'money', 'spend', 'spending'],
  ['competitor', 'competition', 'rival', 'alternative'],
  ['contract', 'agreement'],
  ['refund', 'reimburse', 'reimbursement', 'credit'],
  ['problem', 'issue', 'trouble', 'bug', 'fault', 'failure', 'outage'],
  ['buy', 'purchase', 'order'],
  ['hire', 'recruit', 'onboard'],
  ['meeting', 'call', 'sync'],
  ['lose', 'loss', 'churn'],
  ['deadline', 'due'],
];

const paraphrases = new Map<string, ReadonlySet<string>>();
for (const group of paraphraseGroups) {
  const set = new Set(group);
  for (const word of group) paraphrases.set(word, set);
}

const punctuation = /^[\p{P}\p{S}]+$/u;

/** Particles that carry the meaning of a phrasal expression ("has been down", "signs off"). */
const meaningfulParticles = new Set([
  'down',
  'up',
  'out',
  'off',
  'over',
  'back',
  'away',
  'never',
  'not',
  'no',
]);

function contentLemmas(tokens: readonly LemmaToken[]): string[] {
  const words = tokens.filter((t) => !punctuation.test(t.text));
  const content = words.filter((t) => !t.stop || meaningfulParticles.has(t.lemma));
  return (content.length > 0 ? content : words).map((t) => t.lemma);
}

/**
 * Finds tracker vocabularies in texts: exact phrases (case-insensitive, whole words, any spacing)
 * with their character offset, and otherwise phrases whose content words all occur in the text
 * as inflections or paraphrases (offset -1). Built once per conversation; matching a message
 * costs one tokenisation plus a set lookup per vocabulary word.
 */
export class TrackerMatcher {
  readonly #phrases: CompiledPhrase[] = [];
  readonly definitions: readonly TrackerDefinition[];

  /** @throws ValidationError when a tracker has no name or an empty vocabulary phrase. */
  constructor(definitions: readonly TrackerDefinition[]) {
    this.definitions = definitions;
    const issues: Array<{ path: string; message: string }> = [];
    definitions.forEach((definition, tracker) => {
      if (typeof definition.name !== 'string' || definition.name.trim() === '') {
        issues.push({ path: `trackers[${tracker}].name`, message: 'must be a non-empty string' });
      }
      if (!Array.isArray(definition.vocabulary)) {
        issues.push({ path: `trackers[${tracker}].vocabulary`, message: 'must be an array of strings' });
        return;
      }
      definition.vocabulary.forEach((value, v) => {
        const words =
          typeof value === 'string'
            ? value
                .trim()
                .split(/\s+/)
                .filter((w) => w !== '')
            : [];
        if (words.length === 0) {
          issues.push({
            path: `trackers[${tracker}].vocabulary[${v}]`,
            message: 'must be a non-empty string',
          });
          return;
        }
        const exact = new RegExp(
          `(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`,
          'iu',
        );
        const lemmas = contentLemmas(lemmaTokens(value)).map(
          (lemma) => paraphrases.get(lemma) ?? new Set([lemma]),
        );
        this.#phrases.push({ tracker, value, exact, lemmas });
      });
    });
    if (issues.length > 0) throw new ValidationError('trackers', issues);
  }

  /** True when no vocabulary was given (nothing can match). */
  get empty(): boolean {
    return this.#phrases.length === 0;
  }

  /**
   * Every vocabulary phrase found in `text`, in definition order. Pass `tokens` when the caller
   * already has lemmaTokens(text).
   */
  match(text: string, tokens?: readonly LemmaToken[]): TrackerHit[] {
    if (this.#phrases.length === 0 || text.trim() === '') return [];
    let lemmaSet: Set<string> | undefined;
    const hits: TrackerHit[] = [];
    for (const phrase of this.#phrases) {
      const exact = phrase.exact.exec(text);
      if (exact !== null) {
        hits.push({ tracker: phrase.tracker, value: phrase.value, offset: exact.index });
        continue;
      }
      lemmaSet ??= new Set((tokens ?? lemmaTokens(text)).map((t) => t.lemma));
      const present = phrase.lemmas.filter((group) =>
        [...group].some((lemma) => lemmaSet?.has(lemma)),
      ).length;
      // Short phrases need every content word; long ones tolerate one missing in four.
      const needed =
        phrase.lemmas.length <= 3 ? phrase.lemmas.length : Math.ceil(phrase.lemmas.length * 0.75);
      if (phrase.lemmas.length > 0 && present >= needed) {
        hits.push({ tracker: phrase.tracker, value: phrase.value, offset: -1 });
      }
    }
    return hits;
  }
}

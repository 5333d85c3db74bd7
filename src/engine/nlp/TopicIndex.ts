import type { EngineMessage, EngineSentiment } from './EngineMessage.ts';
import { type LemmaToken, lemmaTokens } from './lemmaTokens.ts';
import { meanSentiment } from './meanSentiment.ts';
import { isTopicalHead, topicCandidates } from './topicCandidates.ts';

/** A topic in engine terms (seconds-free: topics carry no times). */
export interface EngineTopic {
  /** Lemma key, stable across surface variants: use it to derive the topic id. */
  key: string;
  /** Lower-case phrase as most often said. */
  text: string;
  /** Relevance 0-1 relative to the strongest topic of the conversation. */
  score: number;
  /** Messages the topic occurs in, in conversation order. */
  messageIds: string[];
  /** Mean sentiment of those messages. */
  sentiment: EngineSentiment;
  /** Broader topic this one narrows (`[]` for roots). */
  parentRefs: Array<{ type: 'topic'; text: string }>;
  /** Key words (lemmas) of the phrase. */
  rootWords: string[];
}

interface PhraseStats {
  key: string;
  head: string;
  words: number;
  firstIndex: number;
  surfaces: Map<string, number>;
  messageIds: string[];
  sentiments: number[];
}

/**
 * Multi-word phrases are more specific than single nouns, but a phrase said once must not outrank
 * a noun said twice: the bonus is small and does not grow past two words.
 */
const lengthBonus = 0.3;

/**
 * Accumulates noun-phrase statistics message by message and ranks them tf-idf style
 * (document frequency times log inverse frequency across messages, favouring multi-word phrases).
 * Adding messages in the same order always yields the same topics, so a live conversation and a
 * batch of the same messages agree; `topics()` costs O(distinct phrases), not O(messages).
 */
export class TopicIndex {
  readonly #phrases = new Map<string, PhraseStats>();
  #messageCount = 0;

  /** Number of messages added so far. */
  get messageCount(): number {
    return this.#messageCount;
  }

  /**
   * Adds one message and returns the phrase keys it contributed. Pass `tokens` when the caller
   * already has lemmaTokens(message.text).
   */
  add(message: EngineMessage, tokens: readonly LemmaToken[] = lemmaTokens(message.text)): string[] {
    const candidates = topicCandidates(tokens);
    const index = this.#messageCount;
    this.#messageCount += 1;
    const seen = new Set<string>();
    for (const candidate of candidates) {
      this.#record(candidate.key, candidate.head, candidate.words, candidate.surface, message, index, seen);
      if (candidate.words > 1 && isTopicalHead(candidate.head)) {
        this.#record(candidate.head, candidate.head, 1, candidate.headSurface, message, index, seen);
      }
    }
    return [...seen];
  }

  #record(
    key: string,
    head: string,
    words: number,
    surface: string,
    message: EngineMessage,
    index: number,
    seen: Set<string>,
  ): void {
    let stats = this.#phrases.get(key);
    if (stats === undefined) {
      stats = { key, head, words, firstIndex: index, surfaces: new Map(), messageIds: [], sentiments: [] };
      this.#phrases.set(key, stats);
    }
    stats.surfaces.set(surface, (stats.surfaces.get(surface) ?? 0) + 1);
    if (!seen.has(key)) {
      seen.add(key);
      stats.messageIds.push(message.id);
      stats.sentiments.push(message.sentiment.score);
    }
  }

  /** The current topics, strongest first, with parents present for every child. */
  topics(): EngineTopic[] {
    const total = this.#messageCount;
    if (total === 0) return [];
    const limit = Math.min(30, Math.max(3, Math.ceil(2 * Math.sqrt(total))));
    // The strongest `limit` phrases by insertion into a short sorted list: O(phrases), where
    // sorting every phrase on every live message would grow with the conversation.
    const chosen: Ranked[] = [];
    let maxRaw = 0;
    for (const stats of this.#phrases.values()) {
      const raw = rawScore(stats, total);
      if (raw > maxRaw) maxRaw = raw;
      const worst = chosen[limit - 1];
      if (worst !== undefined && raw < worst.raw) continue;
      const entry = { stats, raw };
      if (worst !== undefined && byRank(entry, worst) >= 0) continue;
      let at = chosen.length;
      while (at > 0 && byRank(entry, chosen[at - 1]!) < 0) at -= 1;
      chosen.splice(at, 0, entry);
      if (chosen.length > limit) chosen.pop();
    }
    if (maxRaw === 0) maxRaw = 1;
    const byKey = new Map(chosen.map((entry) => [entry.stats.key, entry]));

    // Two-level hierarchy: a head word parents the phrases built on it once it is a topic itself
    // or two chosen phrases share it (then it joins the list, so every parent is present).
    const childrenByHead = new Map<string, PhraseStats[]>();
    for (const { stats } of chosen) {
      if (stats.words < 2) continue;
      const siblings = childrenByHead.get(stats.head) ?? [];
      siblings.push(stats);
      childrenByHead.set(stats.head, siblings);
    }
    const parentOf = new Map<string, string>();
    for (const [head, children] of childrenByHead) {
      const headStats = this.#phrases.get(head);
      if (headStats === undefined || headStats.words !== 1) continue;
      if (!byKey.has(head)) {
        if (children.length < 2) continue;
        byKey.set(head, { stats: headStats, raw: rawScore(headStats, total) });
      }
      for (const child of children) parentOf.set(child.key, head);
    }

    const entries = [...byKey.values()].sort(byRank);
    return entries.map(({ stats, raw }) => {
      const parentKey = parentOf.get(stats.key);
      const parent = parentKey === undefined ? undefined : this.#phrases.get(parentKey);
      return {
        key: stats.key,
        text: displayText(stats),
        score: Math.max(0.01, Math.round((raw / maxRaw) * 100) / 100),
        messageIds: [...stats.messageIds],
        sentiment: meanSentiment(stats.sentiments),
        parentRefs: parent === undefined ? [] : [{ type: 'topic' as const, text: displayText(parent) }],
        rootWords: stats.key.split(' '),
      };
    });
  }
}

interface Ranked {
  stats: PhraseStats;
  raw: number;
}

/** Strongest first; the earlier phrase, then the smaller key, breaks a tie. */
function byRank(a: Ranked, b: Ranked): number {
  return b.raw - a.raw || a.stats.firstIndex - b.stats.firstIndex || cmp(a.stats.key, b.stats.key);
}

function rawScore(stats: PhraseStats, total: number): number {
  const df = stats.messageIds.length;
  return df * Math.log(1 + total / df) * (1 + lengthBonus * Math.min(1, stats.words - 1));
}

/** Most frequent surface form; the earliest wins a tie (Map keeps insertion order). */
function displayText(stats: PhraseStats): string {
  let best = stats.key;
  let bestCount = 0;
  for (const [surface, count] of stats.surfaces) {
    if (count > bestCount) {
      best = surface;
      bestCount = count;
    }
  }
  return best;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

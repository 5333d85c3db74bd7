import type { ItemSentence } from 'wink-nlp';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';
import type { EngineMessage, EngineSpeaker, EngineWord, InputUtterance } from './EngineMessage.ts';
import { handOverLemmaTokens, tokensFromWink } from './lemmaTokens.ts';
import { renderSentence, restoreSentences } from './restoreSentences.ts';
import { scoreSentiment } from './scoreSentiment.ts';
import { winkNlp } from './winkNlp.ts';

/** Options for segmentUtterances; the counters let a live caller feed one utterance at a time. */
export interface SegmentOptions {
  /** `index` of the first message produced (messages already in the conversation). */
  firstIndex?: number;
  /** Ordinal of the first utterance, used for ids of utterances without `id`. */
  firstUtteranceOrdinal?: number;
  /** Where time estimation starts for an utterance without times (end of the previous one). */
  startAt?: number;
  /** Names (members) to capitalise in restored text. */
  names?: readonly string[];
  /** Pause in seconds that ends a sentence in unpunctuated speech (default 0.45). */
  pauseSeconds?: number;
  /** Speaking rate used to estimate word times when none are given (default 0.35 s per word). */
  secondsPerWord?: number;
  /** Longest utterance text accepted, in characters (default 100,000). */
  maxTextLength?: number;
  /** Longest message in words (default 60): longer sentences are cut, at a comma when one is near. */
  maxSentenceWords?: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
  score?: number;
  /** The word as it arrived (kept verbatim in EngineMessage.words). */
  raw: string;
}

function finite(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Tokens with times: the given word timings, or times spread over the utterance by word length. */
function timedTokens(u: InputUtterance, cursor: number, secondsPerWord: number): Token[] {
  const textTokens = u.text.split(/\s+/).filter((t) => t !== '');
  const given = (u.words ?? []).filter((w) => typeof w.word === 'string' && w.word.trim() !== '');
  if (given.length > 0) {
    const sameWords = textTokens.length === given.length;
    let last = Number.NEGATIVE_INFINITY;
    return given.map((w, i) => {
      const start = Math.max(finite(w.start) ? w.start : last, last);
      const end = Math.max(finite(w.end) ? w.end : start, start);
      last = start;
      const token: Token = { text: sameWords ? textTokens[i]! : w.word.trim(), start, end, raw: w.word };
      if (finite(w.score)) token.score = w.score;
      return token;
    });
  }
  const start = finite(u.start) ? u.start : cursor;
  const end = finite(u.end) && u.end >= start ? u.end : start + textTokens.length * secondsPerWord;
  const weights = textTokens.map((t) => t.length + 2);
  const total = weights.reduce((a, b) => a + b, 0);
  let at = start;
  return textTokens.map((t, i) => {
    const span = ((end - start) * weights[i]!) / total;
    const token: Token = { text: t, start: at, end: at + span, raw: t };
    at += span;
    return token;
  });
}

/**
 * Word ranges of the sentences wink-nlp finds in punctuated text. With `handOver`, each
 * sentence's tokens go to lemmaTokens(), which the analyzers call on the same sentence next.
 */
function punctuatedRanges(tokens: readonly Token[], handOver: boolean): Array<{ from: number; to: number }> {
  const source = tokens.map((t) => t.text).join(' ');
  const tokenStarts: number[] = [];
  let at = 0;
  for (const t of tokens) {
    tokenStarts.push(at);
    at += t.text.length + 1;
  }
  const sentenceStarts: number[] = [];
  let cursor = 0;
  const sentences: string[] = [];
  winkNlp()
    .readDoc(source)
    .sentences()
    .each((s: ItemSentence) => {
      const text = s.out();
      sentences.push(text);
      if (handOver) handOverLemmaTokens(text.trim(), tokensFromWink(text.trim(), s.tokens()));
    });
  for (const sentence of sentences) {
    const found = source.indexOf(sentence.trim().slice(0, 1), cursor);
    const exact = source.indexOf(sentence.trim(), cursor);
    const begin = exact >= 0 ? exact : found;
    if (begin < 0) continue;
    sentenceStarts.push(begin);
    cursor = begin + Math.max(1, exact >= 0 ? sentence.trim().length : 1);
  }
  const ranges: Array<{ from: number; to: number }> = [];
  let from = 0;
  let s = 1;
  for (let i = 1; i < tokens.length; i++) {
    let boundary = false;
    while (s < sentenceStarts.length && sentenceStarts[s]! <= tokenStarts[i]!) {
      boundary = true;
      s++;
    }
    if (boundary) {
      ranges.push({ from, to: i });
      from = i;
    }
  }
  if (tokens.length > from) ranges.push({ from, to: tokens.length });
  return ranges;
}

/**
 * Cuts a sentence longer than `max` words (run-on speech with no pause, pasted text without
 * punctuation) so every message stays small; cuts after a comma within the last third when there
 * is one. Shorter sentences come back unchanged.
 */
function limitLength(
  sentence: { from: number; to: number; text: string },
  max: number,
  render: (from: number, to: number) => string,
): Array<{ from: number; to: number; text: string }> {
  if (sentence.to - sentence.from <= max) return [sentence];
  const words = render(sentence.from, sentence.to).split(' ');
  const pieces: Array<{ from: number; to: number; text: string }> = [];
  let from = sentence.from;
  while (sentence.to - from > max) {
    let cut = from + max;
    for (let i = from + max - 1; i > from + (2 * max) / 3; i--) {
      if (/[,;:]$/.test(words[i - sentence.from] ?? '')) {
        cut = i + 1;
        break;
      }
    }
    pieces.push({ from, to: cut, text: render(from, cut) });
    from = cut;
  }
  pieces.push({ from, to: sentence.to, text: render(from, sentence.to) });
  return pieces;
}

function speakerOf(u: InputUtterance): EngineSpeaker {
  const s: EngineSpeaker = {};
  if (u.speaker?.id !== undefined) s.id = u.speaker.id;
  if (u.speaker?.name !== undefined) s.name = u.speaker.name;
  if (u.speaker?.userId !== undefined) s.userId = u.speaker.userId;
  if (u.speaker?.email !== undefined) s.email = u.speaker.email;
  return s;
}

/**
 * Splits utterances into sentence-level messages. Punctuated text is split by wink-nlp's sentence
 * detection and kept verbatim; unpunctuated or lower-case recogniser output gets sentence
 * boundaries from pauses and syntax, capitals and punctuation (restoreSentences). Every word of
 * the input appears, in order, in exactly one message's `words`. Ids are `<utteranceId>-<n>`, so
 * feeding utterances one at a time (with `firstIndex`/`firstUtteranceOrdinal`/`startAt` carried
 * over) yields the same messages as one batch. Empty utterances yield no message.
 * @throws PayloadTooLargeError when one utterance's text exceeds `maxTextLength`.
 */
export function segmentUtterances(
  utterances: readonly InputUtterance[],
  options: SegmentOptions = {},
): EngineMessage[] {
  const maxLength = options.maxTextLength ?? 100_000;
  const names = new Set((options.names ?? []).flatMap((n) => n.toLowerCase().split(/\s+/)).filter((n) => n));
  const messages: EngineMessage[] = [];
  let index = options.firstIndex ?? 0;
  let cursor = options.startAt ?? 0;
  utterances.forEach((u, ordinal) => {
    const text =
      typeof u.text === 'string' ? u.text.normalize('NFC').replace(/[\u0000-\u001f\u200b]/g, ' ') : '';
    if (text.length > maxLength) {
      throw new PayloadTooLargeError(
        `utterance ${ordinal} has ${text.length} characters; the limit is ${maxLength}`,
      );
    }
    const utteranceId = u.id ?? `u${(options.firstUtteranceOrdinal ?? 0) + ordinal}`;
    const tokens = timedTokens({ ...u, text }, cursor, options.secondsPerWord ?? 0.35);
    if (tokens.length === 0) return;
    const lastToken = tokens[tokens.length - 1]!;
    cursor = Math.max(cursor, lastToken.end);
    const joined = tokens.map((t) => t.text).join(' ');
    const hasSentencePunctuation = /[.?!]/.test(joined);
    const lowerCase = joined === joined.toLowerCase();
    let sentences: Array<{ from: number; to: number; text: string }>;
    if (!hasSentencePunctuation) {
      const gaps = tokens
        .slice(1)
        .map((t, i) => (u.words && u.words.length > 0 ? t.start - tokens[i]!.end : undefined));
      sentences = restoreSentences(
        tokens.map((t) => t.text),
        gaps,
        { names, ...(options.pauseSeconds === undefined ? {} : { pauseSeconds: options.pauseSeconds }) },
      );
    } else {
      sentences = punctuatedRanges(tokens, !(lowerCase || u.recognized === true)).map((r) => {
        const words = tokens.slice(r.from, r.to).map((t) => t.text);
        return {
          ...r,
          text: lowerCase || u.recognized === true ? renderSentence(words, names) : words.join(' '),
        };
      });
    }
    const restored = !hasSentencePunctuation || lowerCase || u.recognized === true;
    sentences = sentences.flatMap((s) =>
      limitLength(s, options.maxSentenceWords ?? 60, (from, to) => {
        const words = tokens.slice(from, to).map((t) => t.text);
        return restored ? renderSentence(words, names) : words.join(' ');
      }),
    );
    sentences.forEach((s, n) => {
      const slice = tokens.slice(s.from, s.to);
      const words: EngineWord[] = slice.map((t) => {
        const w: EngineWord = { word: t.raw, start: t.start, end: t.end };
        if (t.score !== undefined) w.score = t.score;
        return w;
      });
      messages.push({
        id: `${utteranceId}-${n}`,
        index: index++,
        text: s.text,
        speaker: speakerOf(u),
        start: slice[0]!.start,
        end: Math.max(...slice.map((t) => t.end)),
        words,
        sentiment: scoreSentiment(s.text),
        utteranceId,
      });
    });
  });
  return messages;
}

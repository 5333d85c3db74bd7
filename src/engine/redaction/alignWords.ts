/**
 * Where each word of a message stands in its text: `[start, end)` per word, or undefined for a
 * word the text does not contain at that point (punctuation restored around it is allowed). Words
 * are searched in order, each after the previous one.
 */
export function alignWords(text: string, words: readonly string[]): Array<[number, number] | undefined> {
  const lower = text.toLowerCase();
  let cursor = 0;
  return words.map((word) => {
    const bare = word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (bare === '') return undefined;
    const at = lower.indexOf(bare, cursor);
    if (at < 0) return undefined;
    cursor = at + bare.length;
    return [at, at + bare.length];
  });
}

/** A word and its times, in any of the shapes messages carry. */
export interface TimedWord {
  word: string;
}

/**
 * The words of a message after redaction: each run of consecutive words inside one redacted span
 * becomes a single word `replacement` (spanning their times, so a redacted phone number does not
 * show how many digits it had); a word the text does not account for is redacted on its own by
 * `redactWord`.
 */
export function redactWords<W extends TimedWord>(
  text: string,
  words: readonly W[],
  spans: ReadonlyArray<{ start: number; end: number }>,
  replacement: string,
  redactWord: (word: string) => string,
): W[] {
  const places = alignWords(
    text,
    words.map((w) => w.word),
  );
  const out: W[] = [];
  let openSpan = -1;
  words.forEach((word, i) => {
    const place = places[i];
    const spanIndex =
      place === undefined ? -1 : spans.findIndex((s) => place[0] < s.end && s.start < place[1]);
    if (spanIndex < 0) {
      openSpan = -1;
      const redacted = place === undefined ? redactWord(word.word) : word.word;
      out.push(redacted === word.word ? word : { ...word, word: redacted });
      return;
    }
    if (spanIndex === openSpan) {
      out[out.length - 1] = extended(out[out.length - 1]!, word);
      return;
    }
    openSpan = spanIndex;
    out.push({ ...word, word: replacement });
  });
  return out;
}

/** `first` stretched to end where `last` ends (`end`, `endTime`, and `duration` from `timeOffset`). */
function extended<W extends TimedWord>(first: W, last: W): W {
  const a = first as Record<string, unknown>;
  const b = last as Record<string, unknown>;
  const out: Record<string, unknown> = { ...a };
  if ('end' in b) out.end = b.end;
  if ('endTime' in b) out.endTime = b.endTime;
  if (
    typeof a.timeOffset === 'number' &&
    typeof b.timeOffset === 'number' &&
    typeof b.duration === 'number'
  ) {
    out.duration = Math.round((b.timeOffset + b.duration - a.timeOffset) * 100) / 100;
  }
  return out as W;
}

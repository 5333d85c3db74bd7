/** A labelled stretch of time: a speaker turn or a described segment. */
interface Span {
  start: number;
  end: number;
}

/** Distance in seconds from a time to a segment (0 inside it). */
function gap(time: number, w: Span): number {
  return time < w.start ? w.start - time : time > w.end ? time - w.end : 0;
}

/**
 * Gives each word the speaker label of the speech segment containing (or nearest) the word's
 * middle. Words and segments are both in time order. Returns one label per word.
 */
export function diarizeWords(
  words: ReadonlyArray<{ start: number; end: number }>,
  windows: readonly Span[],
  labels: readonly number[],
): number[] {
  if (windows.length === 0) return words.map(() => 0);
  let cursor = 0;
  return words.map((word) => {
    const middle = (word.start + word.end) / 2;
    while (
      cursor + 1 < windows.length &&
      gap(middle, windows[cursor + 1] as Span) <= gap(middle, windows[cursor] as Span)
    ) {
      cursor += 1;
    }
    return labels[cursor] as number;
  });
}

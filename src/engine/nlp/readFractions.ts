/** A fraction or dozen count read from a sentence, with its exact value. */
export interface FractionSpan {
  text: string;
  offset: number;
  value: number;
}

const small =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(
    ' ',
  );
const tens = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
const cardinal = `(?:\\d+(?:\\.\\d+)?|(?:${tens.join('|')})(?:[\\s-](?:${small.slice(0, 9).join('|')}))?|${small.join('|')})`;
const denominators: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  fourth: 4,
  quarter: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};
const denominator =
  '(half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)';
/**
 * "two thirds", "a quarter of", "five and a half", "one and three quarters". Without a whole part
 * a singular ordinal other than "half" must be followed by "of" or end the sentence, so "a third
 * option" and "next quarter" stay ordinals and periods.
 */
const fraction = new RegExp(`\\b(?:(${cardinal})\\s+and\\s+)?(an?|${cardinal})\\s+${denominator}\\b`, 'gi');
const dozens = new RegExp(`\\b(half an?|an?|${cardinal})\\s+(?:dozens?|dzs?|dozs?)\\b`, 'gi');

function wordValue(word: string): number {
  const w = word.toLowerCase();
  if (/^\d/.test(w)) return Number(w);
  if (w === 'a' || w === 'an') return 1;
  const [first = '', second] = w.split(/[\s-]+/);
  const t = tens.indexOf(first);
  const base = t >= 0 ? (t + 2) * 10 : small.indexOf(first) + 1;
  return base + (second === undefined ? 0 : small.indexOf(second) + 1);
}

/** Fractions in words and dozen counts ("three dozen", "half a dozen"), which compromise misreads. */
export function readFractions(text: string): FractionSpan[] {
  const spans: FractionSpan[] = [];
  for (const m of text.matchAll(fraction)) {
    const [whole, numerator, denominatorWord] = [m[1], m[2]!, m[3]!.toLowerCase()];
    const singular = denominatorWord.replace(/s$/, '').replace(/halve$/, 'half');
    const plural = denominatorWord !== singular;
    const bounded = /^(?:\s+of\b|\s*[.,;:!?]?\s*$)/.test(text.slice((m.index ?? 0) + m[0].length));
    const n = wordValue(numerator);
    // "one half", "a third of", "two thirds": the numerator agrees with the denominator's number.
    if (plural !== n > 1) continue;
    if (whole === undefined && singular !== 'half' && !bounded && !plural) continue;
    if (whole === undefined && /quarter/.test(singular) && !bounded) continue;
    const value = (whole === undefined ? 0 : wordValue(whole)) + n / denominators[singular]!;
    spans.push({ text: m[0], offset: m.index ?? 0, value });
  }
  for (const m of text.matchAll(dozens)) {
    const count = /^half/i.test(m[1]!) ? 0.5 : wordValue(m[1]!);
    spans.push({ text: m[0], offset: m.index ?? 0, value: count * 12 });
  }
  return spans.sort((a, b) => a.offset - b.offset);
}

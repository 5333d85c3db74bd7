import { hasRecognizerCase } from './hasRecognizerCase.ts';
import type { PiiSpan } from './PiiSpan.ts';

const SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Crescent|Close|Gardens|Row|Plaza';
const NUMBER_WORD =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|oh|zero';
const HOUSE = `(?:\\d{1,6}[A-Za-z]?|(?:(?:${NUMBER_WORD})[\\s-]+){0,4}(?:${NUMBER_WORD}))`;
const NAME_WORD = "(?:[A-Za-z][A-Za-z'-]*\\.?|\\d{1,3}(?:st|nd|rd|th))";
const UNIT = '(?:,?\\s*(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|#)\\.?\\s*#?[A-Za-z0-9-]+)?';
const CITY_STATE_ZIP = "(?:,\\s*[A-Z][A-Za-z.' -]{1,30}?,?\\s+(?:[A-Z]{2}\\s+)?\\d{5}(?:-\\d{4})?)?";

const ADDRESS = new RegExp(
  `\\b(${HOUSE})\\s+((?:${NAME_WORD}\\s+){1,4})(${SUFFIX})\\b\\.?${UNIT}${CITY_STATE_ZIP}`,
  'gi',
);

/** Words that never name a street: what stands between a count and "street" in ordinary talk. */
const FUNCTION_WORDS = new Set(
  'the a an on in at to of and or but for with from by our my your their his her its this that these those we you they it is are was were be have has had'.split(
    ' ',
  ),
);
const DIRECTIONS = /^(?:[NSEW]\.?|North|South|East|West|Northeast|Northwest|Southeast|Southwest)$/i;

/**
 * Street addresses: a house number (digits, or number words as a recogniser writes them), a
 * street name of one to four words and a street type (`Street`, `Ave`, `Blvd`, ...), with an
 * apartment or suite, and a city, state and ZIP code when they follow. In typed text the street
 * name is capitalised (`12 Elm Street`, not "2 meetings on the main road"); in a recogniser's
 * text (lower case but for sentence starts) it holds no function word.
 */
export function findStreetAddresses(text: string): PiiSpan[] {
  const lowerCase = hasRecognizerCase(text);
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index ?? 0;
    const name = match[2]!.trim().split(/\s+/);
    const suffix = match[3]!;
    const plausible = name.every((word) => {
      if (DIRECTIONS.test(word) || /^\d/.test(word)) return true;
      if (FUNCTION_WORDS.has(word.toLowerCase())) return false;
      return lowerCase || /^[A-Z]/.test(word);
    });
    if (!plausible || (!lowerCase && !/^[A-Z]/.test(suffix))) continue;
    const raw = match[0].replace(/[,\s]+$/, '');
    spans.push({ type: 'ADDRESS', start, end: start + raw.length, text: raw, value: raw });
  }
  return spans;
}

/**
 * The street of an address found by {@link findStreetAddresses}, without its house number, unit or
 * city ("Evergreen Terrace" of "742 Evergreen Terrace, Springfield"): a topic or a summary may name
 * the street alone.
 */
export function streetOf(address: string): string | undefined {
  const match = new RegExp(ADDRESS.source, 'i').exec(address);
  return match === null ? undefined : `${match[2]}${match[3]}`;
}

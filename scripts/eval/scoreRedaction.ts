import { detectPii } from '../../src/engine/redaction/detectPii.ts';
import { PII_TYPES, type PiiSpan, type PiiType } from '../../src/engine/redaction/PiiSpan.ts';
import type { LabelledText } from './redactionCorpus.ts';
import { type Counts, emptyCounts } from './scoreCounts.ts';

/** Detection scores on a labelled set. */
export interface RedactionScores {
  /** Per kind: a found span counts when it overlaps an unmatched labelled span of the same kind. */
  byType: Record<PiiType, Counts>;
  /** All kinds together, by the same rule. */
  overall: Counts;
  /**
   * What redaction cares about, kind aside: of the labelled characters, how many a found span
   * covers (recall); of the covered characters, how many were labelled (precision).
   */
  characters: { labelled: number; covered: number; coveredLabelled: number };
  /** Sentences in which something unlabelled was found, and labelled identifiers missed entirely. */
  falsePositives: Array<{ text: string; found: PiiSpan }>;
  misses: Array<{ text: string; type: PiiType; missed: string }>;
}

/** Scores {@link detectPii} on `corpus`. */
export function scoreRedaction(corpus: readonly LabelledText[]): RedactionScores {
  const byType = Object.fromEntries(PII_TYPES.map((t) => [t, emptyCounts()])) as Record<PiiType, Counts>;
  const overall = emptyCounts();
  const characters = { labelled: 0, covered: 0, coveredLabelled: 0 };
  const falsePositives: RedactionScores['falsePositives'] = [];
  const misses: RedactionScores['misses'] = [];
  for (const item of corpus) {
    const found = detectPii(item.text);
    const matched = new Set<number>();
    for (const span of found) {
      const hit = item.spans.findIndex(
        (gold, i) =>
          !matched.has(i) && gold.type === span.type && span.start < gold.end && gold.start < span.end,
      );
      if (hit >= 0) {
        matched.add(hit);
        byType[span.type].tp++;
        overall.tp++;
      } else {
        byType[span.type].fp++;
        overall.fp++;
        falsePositives.push({ text: item.text, found: span });
      }
    }
    item.spans.forEach((gold, i) => {
      if (matched.has(i)) return;
      byType[gold.type].fn++;
      overall.fn++;
      misses.push({ text: item.text, type: gold.type, missed: item.text.slice(gold.start, gold.end) });
    });
    for (let c = 0; c < item.text.length; c++) {
      const labelled = item.spans.some((g) => g.start <= c && c < g.end);
      const covered = found.some((f) => f.start <= c && c < f.end);
      if (labelled) characters.labelled++;
      if (covered) characters.covered++;
      if (labelled && covered) characters.coveredLabelled++;
    }
  }
  return { byType, overall, characters, falsePositives, misses };
}

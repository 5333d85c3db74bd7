import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { detectPii } from '../../src/engine/redaction/detectPii.ts';
import { evalDataDir, readEvalFile } from './readEvalData.ts';
import { emptyCounts, formatCounts } from './scoreCounts.ts';

/*
 * Held-out checks on public data nobody tuned the detectors on (../shared/eval-data, skipped
 * when absent):
 * - WNUT 2017 test (noisy social text): PERSON_NAME against its person entities, a found name
 *   counting when it overlaps a labelled person;
 * - Microsoft Recognizers-Text English specs (dates, times, numbers, money, percentages): text
 *   full of look-alike numbers and no personal data, so every finding other than a name is a false
 *   positive.
 */
export function evalRedactionExternal(): void {
  if (!existsSync(join(evalDataDir, 'ner'))) {
    console.log(`\n(no eval data at ${evalDataDir}: held-out checks skipped)`);
    return;
  }
  const names = emptyCounts();
  const sentences = readEvalFile('ner/wnut17/emerging.test.annotated').split(/\n\s*\n/);
  for (const block of sentences) {
    let text = '';
    const gold: Array<{ start: number; end: number }> = [];
    let open: { start: number; end: number } | undefined;
    for (const line of block.split('\n')) {
      const [token = '', tag = 'O'] = line.split('\t');
      if (token === '') continue;
      const start = text.length + (text === '' ? 0 : 1);
      text = text === '' ? token : `${text} ${token}`;
      if (tag === 'B-person') {
        open = { start, end: text.length };
        gold.push(open);
      } else if (tag === 'I-person' && open !== undefined) open.end = text.length;
      else open = undefined;
    }
    const found = detectPii(text, { types: ['PERSON_NAME'] });
    const used = new Set<number>();
    for (const span of found) {
      const hit = gold.findIndex((g, i) => !used.has(i) && span.start < g.end && g.start < span.end);
      if (hit >= 0) {
        used.add(hit);
        names.tp++;
      } else names.fp++;
    }
    names.fn += gold.length - used.size;
  }
  console.log(`\nheld out: wnut17 test (${sentences.length} sentences), PERSON_NAME ${formatCounts(names)}`);

  const files = [
    'DateTime_English_DateTimeModel.json',
    'Number_English_NumberModel.json',
    'NumberWithUnit_English_CurrencyModel.json',
    'Number_English_PercentModel.json',
    'Number_English_OrdinalModel.json',
  ];
  let cases = 0;
  const falsePositives: string[] = [];
  for (const file of files) {
    for (const c of JSON.parse(readEvalFile('ner/recognizers-text', file)) as Array<{ Input: string }>) {
      cases++;
      for (const span of detectPii(c.Input)) {
        if (span.type !== 'PERSON_NAME') falsePositives.push(`${span.type} "${span.text}" in: ${c.Input}`);
      }
    }
  }
  console.log(
    `held out: recognizers-text specs (${cases} texts of dates, times, numbers, money; no personal data): ${falsePositives.length} numeric false positives`,
  );
  if (process.argv.includes('--errors')) for (const f of falsePositives) console.log(`  ${f}`);
}

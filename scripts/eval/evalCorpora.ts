import { classifyFollowUp } from '../../src/engine/nlp/classifyFollowUp.ts';
import { detectActionItems } from '../../src/engine/nlp/detectActionItems.ts';
import { detectQuestions } from '../../src/engine/nlp/detectQuestions.ts';
import { findDates } from '../../src/engine/nlp/findDates.ts';
import { findEntitySpans } from '../../src/engine/nlp/findEntitySpans.ts';
import { scoreSentiment } from '../../src/engine/nlp/scoreSentiment.ts';
import { segmentUtterances } from '../../src/engine/nlp/segmentUtterances.ts';
import { lexiconSentiment } from './lexiconSentiment.ts';
import { listEvalDir, parseCsv, readEvalFile } from './readEvalData.ts';
import {
  type Counts,
  countDecision,
  emptyCounts,
  formatAccuracy,
  formatCounts,
  printRow,
} from './scoreCounts.ts';

const stripPunctuation = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function isQuestionText(text: string, recognized: boolean): boolean {
  const messages = segmentUtterances([{ text, recognized }]);
  return detectQuestions(messages).length > 0;
}

function hasActionItem(text: string): boolean {
  const messages = segmentUtterances([{ text, speaker: { id: 'a', name: 'A' } }]);
  return (
    detectActionItems(messages, {
      members: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
    }).length > 0
  );
}
const actionBaseline = (text: string) => /\b(will|'ll|need to|let's)\b/i.test(text);

/** Question detection on MRDA and SwDA (with punctuation, and lower-cased without it). */
function evalQuestions(perFile: number): void {
  const sets: Array<[string, string, (cols: string[]) => { text: string; gold: boolean; action: boolean }]> =
    [
      [
        'mrda',
        'questions/mrda/test',
        (c) => ({ text: c[1]!, gold: c[2] === 'Q', action: c[4] === 'cc' || c[4] === 'co' }),
      ],
      [
        'swda',
        'questions/swda/test',
        (c) => ({ text: c[1]!, gold: /^q|\^g/.test(c[2]!) && c[2] !== 'qh', action: c[2] === 'ad' }),
      ],
    ];
  for (const [name, dir, read] of sets) {
    const punct = emptyCounts();
    const bare = emptyCounts();
    const base = emptyCounts();
    const action = emptyCounts();
    const actionBase = emptyCounts();
    let n = 0;
    // MRDA rows after the first `perFile` of each meeting are the development split: question
    // rules were tuned on them, never on the scored rows.
    const dev = emptyCounts();
    let devN = 0;
    for (const file of listEvalDir(dir).filter((f) => f.endsWith('.txt'))) {
      const all = readEvalFile(dir, file)
        .split('\n')
        .filter((l) => l.includes('|'));
      const rows = all.slice(0, perFile);
      if (name === 'mrda') {
        for (const row of all.slice(perFile, perFile + 1000)) {
          const { text, gold } = read(row.split('|'));
          devN++;
          countDecision(dev, isQuestionText(stripPunctuation(text), true), gold);
        }
      }
      for (const row of rows) {
        const { text, gold, action: goldAction } = read(row.split('|'));
        n++;
        countDecision(punct, isQuestionText(text, false), gold);
        countDecision(bare, isQuestionText(stripPunctuation(text), true), gold);
        countDecision(base, text.trim().endsWith('?'), gold);
        countDecision(action, hasActionItem(text), goldAction);
        countDecision(actionBase, actionBaseline(text), goldAction);
      }
    }
    console.log(`\n${name}: ${n} utterances (first ${perFile} per file)`);
    printRow(`questions ${name} (punctuated)`, formatCounts(punct), `ends with ?: ${formatCounts(base)}`);
    printRow(`questions ${name} (no punctuation)`, formatCounts(bare), `ends with ?: P 0.00 R 0.00 F1 0.00`);
    if (devN > 0) printRow(`  dev split (${devN}, no punct.)`, formatCounts(dev), '-');
    printRow(
      `action items ${name} (${name === 'mrda' ? 'cc+co' : 'ad'})`,
      formatCounts(action),
      `will/need to/let's: ${formatCounts(actionBase)}`,
    );
  }
}

function evalEnron(limit: number): void {
  const rows = readEvalFile('action-items/enron-email-intent/test.tsv')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .slice(0, limit);
  const ours = emptyCounts();
  const base = emptyCounts();
  const follow = emptyCounts();
  for (const row of rows) {
    const [label, text = ''] = row.split('\t');
    const gold = label === 'Yes';
    countDecision(ours, hasActionItem(text), gold);
    countDecision(base, actionBaseline(text), gold);
    countDecision(follow, classifyFollowUp(text), gold);
  }
  console.log(`\nenron email intent: first ${rows.length} test sentences`);
  printRow('action items (enron)', formatCounts(ours), `will/need to/let's: ${formatCounts(base)}`);
}

function evalFollowUps(limit: number): void {
  const baseline = (t: string) => /\b(email|call|meeting)\b/i.test(t);
  const clinc = (
    JSON.parse(readEvalFile('follow-ups/clinc150/data_full.json')) as { test: [string, string][] }
  ).test;
  const positives = new Set(['make_call', 'schedule_meeting', 'text']);
  const run = (items: Array<{ text: string; gold: boolean }>): [Counts, Counts] => {
    const ours = emptyCounts();
    const base = emptyCounts();
    for (const { text, gold } of items) {
      countDecision(ours, classifyFollowUp(text), gold);
      countDecision(base, baseline(text), gold);
    }
    return [ours, base];
  };
  const [c, cb] = run(clinc.map(([text, intent]) => ({ text, gold: positives.has(intent) })));
  // CLINC150's validation split is the development set the follow-up patterns were checked on.
  const clincVal = (
    JSON.parse(readEvalFile('follow-ups/clinc150/data_full.json')) as { val: [string, string][] }
  ).val;
  const [cv] = run(clincVal.map(([text, intent]) => ({ text, gold: positives.has(intent) })));
  console.log(`\nfollow-ups: clinc150 test ${clinc.length} (make_call, schedule_meeting, text = yes)`);
  printRow('follow-ups (clinc150)', formatCounts(c), `email/call/meeting: ${formatCounts(cb)}`);
  printRow(`  dev split (val, ${clincVal.length})`, formatCounts(cv), '-');
  const slurp = readEvalFile('follow-ups/slurp/test.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, limit)
    .map((l) => JSON.parse(l) as { sentence: string; intent: string });
  const [s, sb] = run(
    slurp.map((x) => ({
      text: x.sentence,
      gold: x.intent === 'email_sendemail' || x.intent === 'calendar_set',
    })),
  );
  console.log(`follow-ups: slurp first ${slurp.length} (email_sendemail, calendar_set = yes)`);
  printRow('follow-ups (slurp)', formatCounts(s), `email/call/meeting: ${formatCounts(sb)}`);
}

function evalSentiment(limit: number): void {
  const three = (score: number, band: number) =>
    score > band ? 'positive' : score < -band ? 'negative' : 'neutral';
  for (const set of ['tweets', 'nytEditorialSnippets']) {
    const rows = readEvalFile(`sentiment/vader-icwsm2014/${set}_GroundTruth.txt`)
      .split(/\r?\n/)
      .filter((l) => l.includes('\t'))
      .slice(0, limit);
    let right = 0;
    let base = 0;
    let signRight = 0;
    for (const row of rows) {
      const [, valence, text = ''] = row.split('\t');
      const gold = three(Number(valence), 0.5);
      const ours = scoreSentiment(text);
      if (ours.suggested === gold) right++;
      if (lexiconSentiment(text) === gold) base++;
      if (Math.sign(ours.score) === Math.sign(Number(valence))) signRight++;
    }
    console.log(
      `\nsentiment: vader ${set}, first ${rows.length} (gold: mean valence > 0.5 / < -0.5 / else neutral)`,
    );
    printRow(
      `sentiment ${set} (3 classes)`,
      formatAccuracy(right, rows.length),
      `lexicon sign: ${formatAccuracy(base, rows.length)}`,
    );
    printRow(`sentiment ${set} (polarity sign)`, formatAccuracy(signRight, rows.length), '-');
  }
  const meld = parseCsv(readEvalFile('sentiment/meld/test_sent_emo.csv')).slice(1, limit + 1);
  let right = 0;
  let base = 0;
  for (const row of meld) {
    const text = (row[1] ?? '').replace(/[’‘]/g, "'");
    if (scoreSentiment(text).suggested === row[4]) right++;
    if (lexiconSentiment(text) === row[4]) base++;
  }
  console.log(`sentiment: meld test, first ${meld.length}`);
  printRow(
    'sentiment meld (3 classes)',
    formatAccuracy(right, meld.length),
    `lexicon sign: ${formatAccuracy(base, meld.length)}`,
  );
}

interface GoldSpan {
  type: string;
  start: number;
  end: number;
}
function scoreSpans(counts: Counts, gold: GoldSpan[], found: GoldSpan[], exact: boolean): void {
  const used = new Set<number>();
  for (const g of gold) {
    const k = found.findIndex(
      (f, j) =>
        !used.has(j) &&
        f.type === g.type &&
        (exact ? f.start === g.start && f.end === g.end : f.start < g.end && g.start < f.end),
    );
    if (k >= 0) {
      used.add(k);
      counts.tp++;
    } else counts.fn++;
  }
  counts.fp += found.length - used.size;
}

function evalWnut(limit: number): void {
  const map: Record<string, string> = {
    person: 'person',
    corporation: 'organization',
    group: 'organization',
    location: 'location',
  };
  const sentences = readEvalFile('ner/wnut17/emerging.test.annotated')
    .split(/\n\s*\n/)
    .slice(0, limit);
  const ours = emptyCounts();
  const base = emptyCounts();
  const reference = new Date('2017-01-01T00:00:00Z');
  for (const block of sentences) {
    const tokens = block
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((p) => p.length >= 2 && p[0] !== '');
    let text = '';
    const gold: GoldSpan[] = [];
    const baseSpans: GoldSpan[] = [];
    let open: GoldSpan | undefined;
    tokens.forEach(([token = '', tag = 'O'], i) => {
      const start = text.length + (text === '' ? 0 : 1);
      text = text === '' ? token : `${text} ${token}`;
      const end = text.length;
      const [bio, kind = ''] = tag.split('-');
      if (bio === 'B' && map[kind]) {
        open = { type: map[kind]!, start, end };
        gold.push(open);
      } else if (bio === 'I' && open && map[kind]) open.end = end;
      else open = undefined;
      if (i > 0 && /^[A-Z][a-z]+$/.test(token)) baseSpans.push({ type: 'person', start, end });
    });
    const found = findEntitySpans(text, { reference })
      .filter((s) => s.type === 'person' || s.type === 'organization' || s.type === 'location')
      .map((s) => ({ type: s.type, start: s.offset, end: s.offset + s.text.length }));
    scoreSpans(ours, gold, found, true);
    scoreSpans(base, gold, baseSpans, true);
  }
  console.log(`\nner: wnut17 test, first ${sentences.length} sentences (exact span + type)`);
  printRow('names (person/org/location)', formatCounts(ours), `capitalised words: ${formatCounts(base)}`);
}

interface SpecCase {
  Input: string;
  Context?: { ReferenceDateTime?: string };
  Results: Array<{
    Text: string;
    Start: number;
    End: number;
    TypeName: string;
    Resolution?: Record<string, unknown>;
  }>;
  NotSupportedByDesign?: string;
}

function evalRecognizers(limit: number): void {
  const read = (file: string) =>
    (JSON.parse(readEvalFile('ner/recognizers-text', file)) as SpecCase[])
      .filter((c) => !c.NotSupportedByDesign)
      .slice(0, limit);
  // Dates: spans of date/time expressions, and the resolved value of plain dates.
  const dateCounts = emptyCounts();
  const dateBase = emptyCounts();
  let valueRight = 0;
  let valueTotal = 0;
  const dateCases = read('DateTime_English_DateTimeModel.json');
  const dateWords =
    /\b(today|tomorrow|yesterday|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?|\d{1,2}(?::\d\d)?\s?(?:am|pm))\b/gi;
  for (const c of dateCases) {
    const reference = new Date(`${c.Context?.ReferenceDateTime ?? '2016-11-07T00:00:00'}Z`);
    const gold = c.Results.filter((r) => !/duration|set/.test(r.TypeName)).map((r) => ({
      type: 'date',
      start: r.Start,
      end: r.End + 1,
    }));
    const found = findDates(c.Input, reference).map((d) => ({
      type: 'date',
      start: d.offset,
      end: d.offset + d.text.length,
    }));
    scoreSpans(dateCounts, gold, found, false);
    const base = [...c.Input.matchAll(dateWords)].map((m) => ({
      type: 'date',
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    }));
    scoreSpans(dateBase, gold, base, false);
    for (const r of c.Results.filter((x) => x.TypeName === 'datetimeV2.date')) {
      const values = (r.Resolution?.values as Array<{ value?: string }> | undefined) ?? [];
      if (values.length !== 1 || !values[0]!.value) continue;
      valueTotal++;
      const mine = findDates(c.Input, reference).find(
        (d) => d.offset < r.End + 1 && r.Start < d.offset + d.text.length,
      );
      if (mine?.value === values[0]!.value) valueRight++;
    }
  }
  console.log(
    `\nner: recognizers-text specs (first ${limit} supported cases per model, overlapping span + type)`,
  );
  printRow(
    `dates/times (${dateCases.length} cases)`,
    formatCounts(dateCounts),
    `date words regex: ${formatCounts(dateBase)}`,
  );
  printRow('date values (single-value dates)', formatAccuracy(valueRight, valueTotal), '-');
  const numeric: Array<[string, string, string]> = [
    ['Number_English_NumberModel.json', 'number', 'number'],
    ['NumberWithUnit_English_CurrencyModel.json', 'currency', 'money'],
    ['Number_English_PercentModel.json', 'percentage', 'percent'],
  ];
  for (const [file, goldType, ourType] of numeric) {
    const counts = emptyCounts();
    const base = emptyCounts();
    let right = 0;
    let total = 0;
    const cases = read(file);
    for (const c of cases) {
      const gold = c.Results.filter((r) => r.TypeName === goldType).map((r) => ({
        type: ourType,
        start: r.Start,
        end: r.End + 1,
      }));
      const spans = findEntitySpans(c.Input, { reference: new Date(0) }).filter((s) => s.type === ourType);
      scoreSpans(
        counts,
        gold,
        spans.map((s) => ({ type: s.type, start: s.offset, end: s.offset + s.text.length })),
        false,
      );
      const digits = [...c.Input.matchAll(/[$€£]?\d[\d,.]*%?/g)].map((m) => ({
        type: ourType,
        start: m.index ?? 0,
        end: (m.index ?? 0) + m[0].length,
      }));
      scoreSpans(base, gold, digits, false);
      for (const r of c.Results.filter((x) => x.TypeName === goldType)) {
        const want = Number(String(r.Resolution?.value ?? '').replace(/[%,]/g, ''));
        if (!Number.isFinite(want)) continue;
        total++;
        const mine = spans.find((s) => s.offset < r.End + 1 && r.Start < s.offset + s.text.length);
        if (mine && Number(mine.value) === want) right++;
      }
    }
    printRow(
      `${ourType} (${cases.length} cases)`,
      formatCounts(counts),
      `digits regex: ${formatCounts(base)}`,
    );
    printRow(`${ourType} values`, formatAccuracy(right, total), '-');
  }
}

/** Scores the analyzers on ../shared/eval-data; every set is bounded so the run stays short. */
export function evalCorpora(): void {
  evalQuestions(150);
  evalEnron(1000);
  evalFollowUps(1000);
  evalSentiment(500);
  evalWnut(500);
  evalRecognizers(300);
}

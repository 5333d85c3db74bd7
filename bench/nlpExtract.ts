/**
 * `npx tsx bench/nlpExtract.ts`: words per second through the extraction analyzers (segmenter with
 * sentiment, questions, action items and follow-ups, entities) on a real ~1-hour meeting (QMSum
 * Bed003, ICSI), punctuated and as lower-case recogniser-like text, against a baseline measured in
 * the same run (one wink-nlp tokenising and sentence pass over the same text).
 * Also the cost of one incremental step: one new utterance appended to the full meeting.
 */
import { readFileSync } from 'node:fs';
import { evalDataPath } from '../scripts/eval/readEvalData.ts';
import { detectActionItems } from '../src/engine/nlp/detectActionItems.ts';
import { detectQuestions } from '../src/engine/nlp/detectQuestions.ts';
import type { EngineMessage, InputUtterance } from '../src/engine/nlp/EngineMessage.ts';
import { extractEntities } from '../src/engine/nlp/extractEntities.ts';
import { segmentUtterances } from '../src/engine/nlp/segmentUtterances.ts';
import { winkNlp } from '../src/engine/nlp/winkNlp.ts';

const file = evalDataPath('topics', 'qmsum-test', 'Bed003.json');
const meeting = JSON.parse(readFileSync(file, 'utf8')) as {
  meeting_transcripts: Array<{ speaker: string; content: string }>;
};
const context = { startTime: '2026-01-05T15:00:00Z', timezoneOffset: 0 };

function utterancesOf(lowerCase: boolean): InputUtterance[] {
  return meeting.meeting_transcripts.map((t, i) => ({
    id: `u${i}`,
    text: lowerCase ? t.content.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ') : t.content,
    speaker: { id: t.speaker, name: t.speaker },
    recognized: lowerCase,
  }));
}

function analyse(messages: readonly EngineMessage[]): number {
  return (
    detectQuestions(messages).length +
    detectActionItems(messages, context).length +
    extractEntities(messages, context).length
  );
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

const words = meeting.meeting_transcripts.reduce(
  (n, t) => n + t.content.split(/\s+/).filter(Boolean).length,
  0,
);
// Warm-up: lazy models and the JIT, so the timed runs measure steady state.
for (const lowerCase of [false, true]) analyse(segmentUtterances(utterancesOf(lowerCase)));
const baseline = timed(() =>
  meeting.meeting_transcripts.reduce((n, t) => n + winkNlp().readDoc(t.content).sentences().length(), 0),
);
console.log(`QMSum Bed003: ${meeting.meeting_transcripts.length} utterances, ${words} words`);
for (const lowerCase of [false, true]) {
  const utterances = utterancesOf(lowerCase);
  const segment = timed(() => segmentUtterances(utterances));
  const insights = timed(() => analyse(segment.value));
  const total = segment.ms + insights.ms;
  const parts = [
    ['questions', timed(() => detectQuestions(segment.value)).ms],
    ['action items', timed(() => detectActionItems(segment.value, context)).ms],
    ['entities', timed(() => extractEntities(segment.value, context)).ms],
  ] as const;
  console.log(`  per analyzer: ${parts.map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ')}`);
  console.log(
    `${lowerCase ? 'lower-case, unpunctuated' : 'punctuated'}: ${segment.value.length} messages, ${insights.value} insights; ` +
      `segment ${segment.ms.toFixed(0)} ms + analyse ${insights.ms.toFixed(0)} ms = ${((words / total) * 1000).toFixed(0)} words/s ` +
      `(baseline ${((words / Math.max(baseline.ms, 0.001)) * 1000).toFixed(0)} words/s, ratio ${(baseline.ms / total).toFixed(4)})`,
  );
  const prior = segment.value;
  const next = utterances[utterances.length - 1]!;
  const step = timed(() => {
    const fresh = segmentUtterances([{ ...next, id: 'new' }], {
      firstIndex: prior.length,
      startAt: prior[prior.length - 1]!.end,
    });
    const all = [...prior, ...fresh];
    return (
      detectQuestions(fresh).length +
      detectActionItems(all, { ...context, from: prior.length }).length +
      extractEntities(fresh, context).length
    );
  });
  console.log(
    `  incremental step (one utterance appended to ${prior.length} messages): ${step.ms.toFixed(2)} ms`,
  );
}

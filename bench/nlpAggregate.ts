/**
 * Benchmark of the Conversation aggregate on two conversations: the largest fixture script
 * repeated to about two hours (BENCH_MINUTES, default 120; dense in names, dates and numbers) and
 * a real one-hour meeting (QMSum Bed003, ICSI; 14k words, no text repeated). Each is fed live
 * (ingest() one utterance at a time, every delta computed) and as a batch (ingestAll()), each
 * followed by snapshot(). Prints words per second by wall clock and by CPU time of this process
 * (the machine is shared, so CPU time is the one-core figure), the ratio live / batch, the
 * latency of one ingest at the end of the conversation (p50, p99), heap per message, and the ratio
 * against a baseline measured in the same run: one wink-nlp tokenising pass over the same texts.
 * The sides alternate BENCH_ROUNDS times (default 3) and the fastest run of each counts.
 *   node --expose-gc --import tsx bench/nlpAggregate.ts
 */
import { readFileSync } from 'node:fs';
import { evalDataPath } from '../scripts/eval/readEvalData.ts';
import {
  type ConversationScript,
  listConversationScripts,
  loadConversationScript,
} from '../scripts/fixtures/loadConversationScript.ts';
import { ConversationAggregate } from '../src/engine/conversation/ConversationAggregate.ts';
import type { ConversationOptions } from '../src/engine/conversation/ConversationOptions.ts';
import type { InputUtterance } from '../src/engine/nlp/EngineMessage.ts';
import { winkNlp } from '../src/engine/nlp/winkNlp.ts';

const minutes = Number(process.env.BENCH_MINUTES ?? 120);
const secondsPerWord = 0.35;
const pauseSeconds = 0.6;

/** The script's lines on a timeline of `secondsPerWord`, looped until `minutes` are filled. */
function looped(script: ConversationScript): InputUtterance[] {
  const byId = new Map(script.speakers.map((s) => [s.id, s]));
  const utterances: InputUtterance[] = [];
  let clock = 0;
  for (let round = 0; clock < minutes * 60; round += 1) {
    script.lines.forEach((line, i) => {
      const words = line.text.split(/\s+/);
      const start = clock;
      const speaker = byId.get(line.speaker);
      utterances.push({
        id: `r${round}-${i}`,
        text: line.text,
        speaker: { id: line.speaker, name: speaker?.name ?? line.speaker, email: speaker?.email },
        start,
        end: start + words.length * secondsPerWord,
        words: words.map((word, w) => ({
          word,
          start: start + w * secondsPerWord,
          end: start + (w + 1) * secondsPerWord,
        })),
      });
      clock = start + words.length * secondsPerWord + pauseSeconds;
    });
  }
  return utterances;
}

/** The QMSum meeting's turns on a timeline of `secondsPerWord` (it has no times of its own). */
function qmsum(): InputUtterance[] {
  const file = evalDataPath('topics', 'qmsum-test', 'Bed003.json');
  const meeting = JSON.parse(readFileSync(file, 'utf8')) as {
    meeting_transcripts: Array<{ speaker: string; content: string }>;
  };
  let clock = 0;
  return meeting.meeting_transcripts.map((t, i) => {
    const words = t.content.split(/\s+/).filter((w) => w !== '');
    const start = clock;
    clock += words.length * secondsPerWord + pauseSeconds;
    return {
      id: `q${i}`,
      text: t.content,
      speaker: { id: t.speaker, name: t.speaker },
      start,
      end: start + words.length * secondsPerWord,
      words: words.map((word, w) => ({
        word,
        start: start + w * secondsPerWord,
        end: start + (w + 1) * secondsPerWord,
      })),
    };
  });
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function measure(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function batchRun(utterances: InputUtterance[], options: ConversationOptions): Timing {
  return measure(() => {
    const aggregate = new ConversationAggregate(options);
    aggregate.ingestAll(utterances);
    aggregate.snapshot();
  });
}

interface LiveRun extends Timing {
  tail: number[];
  /** CPU time of the same ingests (this process, all threads), ms. */
  tailCpu: number[];
  heapPerMessage: number;
  messages: number;
  snapshotMs: number;
}

function liveRun(utterances: InputUtterance[], options: ConversationOptions): LiveRun {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const tail: number[] = [];
  const tailCpu: number[] = [];
  let snapshotMs = 0;
  let messages = 0;
  const timing = measure(() => {
    const aggregate = new ConversationAggregate(options);
    utterances.forEach((utterance, i) => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      aggregate.ingest(utterance);
      if (i >= utterances.length - 200) {
        tail.push(performance.now() - t0);
        const used = process.cpuUsage(cpu0);
        tailCpu.push((used.user + used.system) / 1000);
      }
    });
    const snapshotStarted = performance.now();
    aggregate.snapshot();
    snapshotMs = performance.now() - snapshotStarted;
    messages = aggregate.messageCount;
  });
  globalThis.gc?.();
  const heapPerMessage = (process.memoryUsage().heapUsed - heapBefore) / Math.max(1, messages);
  return { ...timing, tail, tailCpu, heapPerMessage, messages, snapshotMs };
}

/** The baseline: one wink-nlp tokenising pass (sentences, POS) over every utterance. */
function baselineRun(utterances: InputUtterance[]): Timing {
  return measure(() => {
    for (const u of utterances) winkNlp().readDoc(u.text).sentences().length();
  });
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const best = <T extends Timing>(runs: T[]): T => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));

function bench(name: string, utterances: InputUtterance[], options: ConversationOptions): void {
  const words = utterances.reduce((n, u) => n + (u.words?.length ?? 0), 0);
  // Warm up the models (wink, chrono, VADER, compromise) so no measured run pays for loading them.
  {
    const warm = new ConversationAggregate(options);
    for (const u of utterances.slice(0, 60)) warm.ingest(u);
    warm.snapshot();
  }
  // Alternate the sides and keep the fastest run of each, so JIT and GC drift hit all alike.
  const batchRuns: Timing[] = [];
  const liveRuns: LiveRun[] = [];
  const baselineRuns: Timing[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baselineRuns.push(baselineRun(utterances));
    batchRuns.push(batchRun(utterances, options));
    liveRuns.push(liveRun(utterances, options));
  }
  const batch = best(batchRuns);
  const live = best(liveRuns);
  const baseline = best(baselineRuns);
  live.tail.sort((a, b) => a - b);
  live.tailCpu.sort((a, b) => a - b);
  const percentile = (p: number, list = live.tail): number =>
    list[Math.min(list.length - 1, Math.floor(p * list.length))] ?? 0;
  const rate = (t: Timing) =>
    `${Math.round(words / (t.cpuMs / 1000))} words/s CPU (${(t.cpuMs / 1000).toFixed(2)} s), ` +
    `${Math.round(words / (t.wallMs / 1000))} words/s wall (${(t.wallMs / 1000).toFixed(2)} s)`;
  console.log(`\n${name}: ${utterances.length} utterances, ${live.messages} messages, ${words} words`);
  console.log(`baseline (one wink-nlp pass): ${rate(baseline)}`);
  console.log(
    `batch  (ingestAll + snapshot): ${rate(batch)}; baseline / batch CPU ${(baseline.cpuMs / batch.cpuMs).toFixed(3)}`,
  );
  console.log(
    `live   (ingest each + snapshot): ${rate(live)}; baseline / live CPU ${(baseline.cpuMs / live.cpuMs).toFixed(3)}`,
  );
  console.log(`snapshot() of the whole conversation: ${live.snapshotMs.toFixed(1)} ms`);
  console.log(`ratio live / batch (CPU): ${(live.cpuMs / batch.cpuMs).toFixed(3)}`);
  console.log(
    `one ingest at the end of the conversation (last 200): wall p50 ${percentile(0.5).toFixed(2)} ms, p99 ${percentile(0.99).toFixed(2)} ms; ` +
      `CPU p50 ${percentile(0.5, live.tailCpu).toFixed(2)} ms, p99 ${percentile(0.99, live.tailCpu).toFixed(2)} ms`,
  );
  console.log(
    `heap per message (live run)${globalThis.gc ? '' : ' (run with --expose-gc for exact numbers)'}: ${Math.round(live.heapPerMessage)} bytes`,
  );
}

const largest = listConversationScripts()
  .map(loadConversationScript)
  .sort((a, b) => b.lines.length - a.lines.length || JSON.stringify(b).length - JSON.stringify(a).length)[0];
if (largest === undefined) throw new Error('no conversation scripts found');
bench(`script ${largest.name} looped to ${minutes} min`, looped(largest), {
  startTime: largest.startTime,
  trackers: largest.trackers ?? [],
  detectEntities: true,
  detectPhrases: true,
});
if (process.env.BENCH_QMSUM !== '0') {
  bench('QMSum Bed003 (1 h meeting)', qmsum(), {
    startTime: '2026-01-05T15:00:00Z',
    trackers: largest.trackers ?? [],
    detectEntities: true,
    detectPhrases: true,
  });
}

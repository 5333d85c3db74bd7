/**
 * Benchmark of the Conversation aggregate: the largest fixture script repeated to about two hours
 * of conversation (BENCH_MINUTES, default 120), fed live (ingest() one utterance at a time, every
 * delta computed) and as a batch (ingestAll()), each followed by snapshot(). Prints both times,
 * the ratio live / batch measured in this run, the latency of one ingest at the end of the
 * conversation (p50, p99), throughput in words per second and heap per message. The two sides
 * alternate BENCH_ROUNDS times (default 3) and the fastest run of each counts.
 *   tsx bench/nlpAggregate.ts
 */
import {
  type ConversationScript,
  listConversationScripts,
  loadConversationScript,
} from '../scripts/fixtures/loadConversationScript.ts';
import { ConversationAggregate } from '../src/engine/conversation/ConversationAggregate.ts';
import type { ConversationOptions } from '../src/engine/conversation/ConversationOptions.ts';
import type { InputUtterance } from '../src/engine/nlp/EngineMessage.ts';

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

const largest = listConversationScripts()
  .map(loadConversationScript)
  .sort((a, b) => b.lines.length - a.lines.length || JSON.stringify(b).length - JSON.stringify(a).length)[0];
if (largest === undefined) throw new Error('no conversation scripts found');
const utterances = looped(largest);
const words = utterances.reduce((n, u) => n + (u.words?.length ?? 0), 0);
const options: ConversationOptions = {
  startTime: largest.startTime,
  trackers: largest.trackers ?? [],
  detectEntities: true,
  detectPhrases: true,
};

function batchRun(): number {
  const started = performance.now();
  const aggregate = new ConversationAggregate(options);
  aggregate.ingestAll(utterances);
  aggregate.snapshot();
  return performance.now() - started;
}

function liveRun(): {
  total: number;
  tail: number[];
  heapPerMessage: number;
  messages: number;
  snapshotMs: number;
} {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const aggregate = new ConversationAggregate(options);
  const tail: number[] = [];
  utterances.forEach((utterance, i) => {
    const t0 = performance.now();
    aggregate.ingest(utterance);
    if (i >= utterances.length - 200) tail.push(performance.now() - t0);
  });
  const snapshotStarted = performance.now();
  aggregate.snapshot();
  const snapshotMs = performance.now() - snapshotStarted;
  const total = performance.now() - started;
  globalThis.gc?.();
  const heapPerMessage = (process.memoryUsage().heapUsed - heapBefore) / aggregate.messageCount;
  return { total, tail, heapPerMessage, messages: aggregate.messageCount, snapshotMs };
}

// Warm up the models (wink, chrono, VADER) on a short run so neither measured run pays for it.
{
  const warm = new ConversationAggregate(options);
  for (const u of utterances.slice(0, 40)) warm.ingest(u);
  warm.snapshot();
}

// Alternate the two (BENCH_ROUNDS times, default 3) and keep the fastest run of each, so JIT and
// GC drift hit both alike.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const batchRuns: number[] = [];
const liveRuns: Array<ReturnType<typeof liveRun>> = [];
for (let round = 0; round < rounds; round += 1) {
  batchRuns.push(batchRun());
  liveRuns.push(liveRun());
}
const batchMs = Math.min(...batchRuns);
const live = liveRuns.reduce((best, run) => (run.total < best.total ? run : best));
live.tail.sort((a, b) => a - b);
const percentile = (p: number): number =>
  live.tail[Math.min(live.tail.length - 1, Math.floor(p * live.tail.length))] ?? 0;

console.log(
  `script ${largest.name} looped to ${minutes} min: ${utterances.length} utterances, ${live.messages} messages, ${words} words`,
);
console.log(
  `batch  (ingestAll + snapshot): ${(batchMs / 1000).toFixed(2)} s, ${Math.round(words / (batchMs / 1000))} words/s`,
);
console.log(
  `live   (ingest each + snapshot): ${(live.total / 1000).toFixed(2)} s, ${Math.round(words / (live.total / 1000))} words/s`,
);
console.log(`snapshot() of the whole conversation: ${live.snapshotMs.toFixed(1)} ms`);
console.log(`ratio live / batch: ${(live.total / batchMs).toFixed(3)}`);
console.log(
  `one ingest at the end of the conversation: p50 ${percentile(0.5).toFixed(2)} ms, p99 ${percentile(0.99).toFixed(2)} ms`,
);
console.log(
  `heap per message (live run)${globalThis.gc ? '' : ' (run with --expose-gc for exact numbers)'}: ${Math.round(live.heapPerMessage)} bytes`,
);

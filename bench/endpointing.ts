/**
 * `npm run bench:endpointing`: the tuning table for live endpointing. How soon a turn's final
 * comes after the turn's speech ends, and what it costs (sentences and turns split over more
 * than one final, word error rate), for: the engine's own end-of-speech hangover (0.5 s, 128 ms
 * blocks, the baseline), a fixed 0.25 s hangover (what live sessions had before the endpointer)
 * and the adaptive endpointer with one or more settings, on six scripts in five layouts
 * (bench/endpointingFixtures.ts), tuning scripts and held-out scripts reported apart.
 *
 * The decoder runs in-process on audio fed in 100 ms frames as they would arrive live; latency is
 * counted on the audio clock (end of the frame in which the final came out, minus the end of the
 * turn's speech) plus the CPU time the decoder took for that frame. That makes the numbers
 * independent of how loaded the shared machine is: pacing audio in real time would only add
 * waiting for a core (bench:live does that, over a real server).
 *
 * Writes bench/endpointing.results.md.
 *   ENDPOINT_BENCH_SCRIPTS=sample-meeting,...      (default: the tuning and the held-out scripts)
 *   ENDPOINT_BENCH_ADAPTIVE='[{"shortHangoverSeconds":0.15}]'   adaptive settings to compare
 *   ENDPOINT_BENCH_BASELINES=engine,0.25           fixed hangovers to compare (engine = its own 0.5 s)
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ConversationTurn } from '../scripts/fixtures/synthesizeConversation.ts';
import {
  DEFAULT_ENDPOINTING,
  type EndpointingSettings,
  resolveEndpointing,
} from '../src/engine/asr/endpointing/EndpointingSettings.ts';
import { decoderBlockSamples, PocketsphinxDecoder } from '../src/engine/asr/PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from '../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognizedUtterance } from '../src/engine/asr/RecognitionEvent.ts';
import type { RecognizerOptions } from '../src/engine/asr/RecognizerOptions.ts';
import { wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import {
  benchScripts,
  type EndpointingFixture,
  endpointingFixture,
  FIXTURE_VARIANTS,
  HELD_OUT_SCRIPTS,
  TUNING_SCRIPTS,
} from './endpointingFixtures.ts';
import { countSplitSentences, sentencesOf } from './sentenceSplits.ts';

const RATE = 16000;
const FRAME = RATE / 10;
const scripts = benchScripts();
const adaptive = JSON.parse(process.env.ENDPOINT_BENCH_ADAPTIVE ?? '[{}]') as EndpointingSettings[];
const baselines = (process.env.ENDPOINT_BENCH_BASELINES ?? 'engine,0.25').split(',').filter(Boolean);

interface Setting {
  label: string;
  options: RecognizerOptions;
}

const settings: Setting[] = [
  ...baselines.map((b) =>
    b === 'engine'
      ? { label: "engine's own 0.5 s", options: {} }
      : { label: `fixed ${b} s`, options: { endOfSpeechSeconds: Number(b) } },
  ),
  ...adaptive.map((a) => {
    const r = resolveEndpointing(a);
    const changed = Object.entries(r)
      .filter(([k, v]) => DEFAULT_ENDPOINTING[k as keyof typeof DEFAULT_ENDPOINTING] !== v)
      .map(([k, v]) => `${k.replace(/Seconds$/, '')}=${v}`);
    return {
      label: `adaptive ${r.shortHangoverSeconds}/${r.longHangoverSeconds} s${changed.length ? ` (${changed.join(', ')})` : ''}`,
      options: { endpointing: a },
    };
  }),
];

interface Final {
  utterance: RecognizedUtterance;
  /** Audio seconds at the end of the frame that produced it, plus that frame's decoding time. */
  at: number;
}

function decode(pcm: Int16Array, options: RecognizerOptions): Final[] {
  const decoder = new PocketsphinxDecoder(pocketsphinxArguments(options), {
    sampleRate: RATE,
    blockSamples: decoderBlockSamples(options),
    endpointing: options.endpointing && resolveEndpointing(options.endpointing),
  });
  const finals: Final[] = [];
  try {
    for (let at = 0; at < pcm.length; at += FRAME) {
      const started = process.cpuUsage();
      const events = decoder.process(pcm.subarray(at, at + FRAME));
      const used = process.cpuUsage(started);
      const took = (used.user + used.system) / 1e6;
      const frameEnd = Math.min(pcm.length, at + FRAME) / RATE;
      for (const e of events)
        if (e.type === 'final') finals.push({ utterance: e.utterance, at: frameEnd + took });
    }
    for (const e of decoder.finish())
      if (e.type === 'final') finals.push({ utterance: e.utterance, at: pcm.length / RATE });
  } finally {
    decoder.release();
  }
  return finals;
}

interface Scored {
  latencies: number[];
  turns: number;
  turnsSplit: number;
  sentences: number;
  sentencesSplit: number;
  wer: number[];
}

/** Per turn: seconds from its end to the first final holding its last word; whether it was split. */
function score(turns: readonly ConversationTurn[], finals: readonly Final[]): Scored {
  const latencies: number[] = [];
  let turnsSplit = 0;
  for (const turn of turns) {
    const holding = finals.filter((f) =>
      f.utterance.words.some((w) => (w.start + w.end) / 2 >= turn.start && (w.start + w.end) / 2 <= turn.end),
    );
    if (holding.length === 0) continue;
    if (holding.length > 1) turnsSplit += 1;
    const last = holding[holding.length - 1] as Final;
    latencies.push(Math.max(0, last.at - turn.end));
  }
  const sentences = turns.flatMap((t) => sentencesOf(t.text));
  const split = countSplitSentences(
    sentences,
    finals.map((f) => f.utterance.text),
  );
  const reference = turns.map((t) => t.text).join(' ');
  return {
    latencies,
    turns: turns.length,
    turnsSplit,
    sentences: split.sentences,
    sentencesSplit: split.split,
    wer: [wordErrorRate(reference, finals.map((f) => f.utterance.text).join(' '))],
  };
}

function merge(a: Scored, b: Scored): Scored {
  return {
    latencies: [...a.latencies, ...b.latencies],
    turns: a.turns + b.turns,
    turnsSplit: a.turnsSplit + b.turnsSplit,
    sentences: a.sentences + b.sentences,
    sentencesSplit: a.sentencesSplit + b.sentencesSplit,
    wer: [...a.wer, ...b.wer],
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (s: number): string => `${Math.round(s * 1000)} ms`;
const pct = (n: number, d: number): string => `${n}/${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const out: string[] = [];
const note = (text = ''): void => {
  out.push(text);
  process.stdout.write(`${text}\n`);
};

note(`# bench:endpointing (${new Date().toISOString()})`);
note();
note(
  `Load before: ${load()} on 2 cores. Latency: end of a turn's speech to the final holding its last word, on the audio clock plus the decoder's CPU for the frame (100 ms frames). "sentences split": reference sentences whose words came in two or more finals. Tuning scripts: ${TUNING_SCRIPTS.join(', ')}; held out: ${HELD_OUT_SCRIPTS.join(', ')}.`,
);
note();
note(
  `| scripts | layout | setting | final P50 | final P95 | P50 / engine${baselines.includes('engine') ? '' : ' (-: engine not run)'} | sentences split | turns split | WER |`,
);
note('|---|---|---|---|---|---|---|---|---|');
const groups = [
  { name: 'tuning', scripts: scripts.filter((s) => TUNING_SCRIPTS.includes(s)) },
  { name: 'held out', scripts: scripts.filter((s) => HELD_OUT_SCRIPTS.includes(s)) },
  {
    name: 'other',
    scripts: scripts.filter((s) => !TUNING_SCRIPTS.includes(s) && !HELD_OUT_SCRIPTS.includes(s)),
  },
].filter((g) => g.scripts.length > 0);
for (const group of groups) {
  for (const variant of FIXTURE_VARIANTS) {
    const fixtures: EndpointingFixture[] = [];
    for (const s of group.scripts) fixtures.push(await endpointingFixture(s, variant));
    let engineP50 = Number.NaN;
    for (const setting of settings) {
      const scored = fixtures.map((f) => score(f.turns, decode(f.pcm, setting.options))).reduce(merge);
      const p50 = percentile(scored.latencies, 50);
      if (setting.options.endOfSpeechSeconds === undefined && setting.options.endpointing === undefined)
        engineP50 = p50;
      const wer = scored.wer.reduce((a, b) => a + b, 0) / scored.wer.length;
      note(
        `| ${group.name} | ${variant.name} | ${setting.label} | ${ms(p50)} | ${ms(percentile(scored.latencies, 95))} | ${Number.isNaN(engineP50) ? '-' : (p50 / engineP50).toFixed(2)} | ${pct(scored.sentencesSplit, scored.sentences)} | ${pct(scored.turnsSplit, scored.turns)} | ${wer.toFixed(3)} |`,
      );
    }
  }
}
note();
note(`Load after: ${load()}.`);
if (process.env.ENDPOINT_BENCH_OUT !== '-')
  writeFileSync(fileURLToPath(new URL('endpointing.results.md', import.meta.url)), `${out.join('\n')}\n`);
process.exit(0);

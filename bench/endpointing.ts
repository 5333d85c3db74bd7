/**
 * `npm run bench:endpointing`: how soon a turn's final comes after the turn's audio ends, for
 * several end-of-speech hangovers (RecognizerOptions.endOfSpeechSeconds) against the engine's own
 * (0.5 s, what live sessions used before) in the same run, and what it costs: turns split over
 * more than one final, and word error rate.
 *
 * The decoder runs in-process on audio fed in 100 ms frames as they would arrive live; latency is
 * counted on the audio clock (end of the frame in which the final came out, minus the end of the
 * turn) plus the CPU time the decoder took for that frame. That makes the numbers independent of
 * how loaded the shared machine is: pacing audio in real time would only add waiting for a core.
 *
 * Writes bench/endpointing.results.md. Fixtures: a synthesized meeting with its natural 0.4-0.7 s pauses between turns, and the same
 * script with every pause 0.35 s and 0.2 s.
 *   ENDPOINT_BENCH_MEETING=sample-meeting
 *   ENDPOINT_BENCH_HANGOVERS=0.3,0.25,0.2   (each with 50 ms blocks, as a stream asking for it gets)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../scripts/fixtures/decodeWav.ts';
import { loadConversationScript } from '../scripts/fixtures/loadConversationScript.ts';
import { type ConversationTurn, synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';
import { decoderBlockSamples, PocketsphinxDecoder } from '../src/engine/asr/PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from '../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognizedUtterance } from '../src/engine/asr/RecognitionEvent.ts';
import { wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';

const RATE = 16000;
const FRAME = RATE / 10;
const meeting = process.env.ENDPOINT_BENCH_MEETING ?? 'sample-meeting';
const hangovers = (process.env.ENDPOINT_BENCH_HANGOVERS ?? '0.3,0.25,0.2').split(',').map(Number);
const ENGINE_DEFAULT = 0.5;

interface Final {
  utterance: RecognizedUtterance;
  /** Audio seconds at the end of the frame that produced it, plus that frame's decoding time. */
  at: number;
}

/** Decodes as a live stream would: the engine's own endpointing, or a hangover of `endOfSpeechSeconds`. */
function decode(pcm: Int16Array, endOfSpeechSeconds: number | undefined): Final[] {
  const options = endOfSpeechSeconds === undefined ? {} : { endOfSpeechSeconds };
  const decoder = new PocketsphinxDecoder(pocketsphinxArguments(options), {
    sampleRate: RATE,
    blockSamples: decoderBlockSamples(options),
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

/** Per turn: seconds from its end to the first final holding its last word; whether it was split. */
function score(turns: readonly ConversationTurn[], finals: readonly Final[]) {
  const latencies: number[] = [];
  let split = 0;
  for (const turn of turns) {
    // Finals with a word whose middle lies in the turn.
    const holding = finals.filter((f) =>
      f.utterance.words.some((w) => (w.start + w.end) / 2 >= turn.start && (w.start + w.end) / 2 <= turn.end),
    );
    if (holding.length === 0) continue;
    if (holding.length > 1) split += 1;
    const last = holding[holding.length - 1] as Final;
    latencies.push(Math.max(0, last.at - turn.end));
  }
  return { latencies, split };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (s: number): string => `${Math.round(s * 1000)} ms`;
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function fixture(gapMs: number | undefined) {
  const script = loadConversationScript(meeting);
  const variant =
    gapMs === undefined
      ? script
      : {
          ...script,
          name: `${script.name}-gaps-${gapMs}`,
          lines: script.lines.map((line) => ({ ...line, pauseAfterMs: gapMs })),
        };
  const synthesized = await synthesizeConversation(variant);
  const wav = decodeWav(readFileSync(synthesized.mixWav));
  return { name: variant.name, turns: synthesized.turns, pcm: wav.samples };
}

const out: string[] = [];
const note = (text = ''): void => {
  out.push(text);
  process.stdout.write(`${text}\n`);
};

note(`# bench:endpointing (${new Date().toISOString()})`);
note();
note(
  `Load before: ${load()} on 2 cores. The baseline is the engine's own endpointing (${ENGINE_DEFAULT} s hangover, 128 ms blocks), what live sessions had before.`,
);
note();
note(
  '| fixture | turns | hangover s | final P50 | final P90 | final P95 | P50 / baseline | turns split | WER |',
);
note('|---|---|---|---|---|---|---|---|---|');
for (const gap of [undefined, 350, 200]) {
  const { name, turns, pcm } = await fixture(gap);
  const reference = turns.map((t) => t.text).join(' ');
  let baselineP50 = Number.NaN;
  for (const hangover of [undefined, ...hangovers]) {
    const finals = decode(pcm, hangover);
    const { latencies, split } = score(turns, finals);
    const p50 = percentile(latencies, 50);
    if (hangover === undefined) baselineP50 = p50;
    const wer = wordErrorRate(reference, finals.map((f) => f.utterance.text).join(' '));
    note(
      `| ${name} | ${turns.length} | ${hangover ?? `${ENGINE_DEFAULT} (engine's own)`} | ${ms(p50)} | ${ms(percentile(latencies, 90))} | ${ms(percentile(latencies, 95))} | ${(p50 / baselineP50).toFixed(2)} | ${split}/${turns.length} (${((100 * split) / turns.length).toFixed(0)}%) | ${wer.toFixed(3)} |`,
    );
  }
}
note();
note(`Load after: ${load()}.`);
writeFileSync(fileURLToPath(new URL('endpointing.results.md', import.meta.url)), `${out.join('\n')}\n`);
process.exit(0);

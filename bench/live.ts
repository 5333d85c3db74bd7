/**
 * `npm run bench:live`: live streaming on loopback with real-time pacing, against a baseline
 * measured in the same run (the same recogniser fed the same audio in-process, no server).
 *
 * Measures, per utterance of a synthesized meeting:
 * - end of the utterance (its scripted end sent) -> its final `message_response` (target P50 <= 350 ms,
 *   with no more than 5% of the script's sentences split over two or more finals);
 * - start of the utterance (its scripted start sent) -> its first partial `recognition_result`;
 * on the meeting as scripted and laid out with every pause 0.35 s and 0.2 s, and with untrimmed
 * edges over a room-noise bed (bench/endpointingFixtures.ts); then, on the meeting as scripted,
 * the same with 10 sessions at once, and RSS over a long session of looped audio.
 *
 * Environment knobs (all optional):
 *   LIVE_BENCH_MEETING=sample-meeting  fixture script
 *   LIVE_BENCH_LAYOUTS=0,1,2,4         layouts (indexes into FIXTURE_VARIANTS) for the one-session part
 *   LIVE_BENCH_CONCURRENT=10           sessions in the concurrency run
 *   LIVE_BENCH_LONG_MINUTES=10         audio length of the long session (0 skips it)
 *   LIVE_BENCH_LONG_SPEED=2            pacing of the long session, times real time
 *   LIVE_BENCH_RUNS=2                  alternating baseline/server runs of the one-session part
 *   LIVE_BENCH_CHUNK_MS=100            audio per binary frame
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import WebSocket from 'ws';
import { decodeWav } from '../scripts/fixtures/decodeWav.ts';
import { type ConversationTurn, synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';
import { PocketsphinxRecognizer } from '../src/engine/asr/PocketsphinxRecognizer.ts';
import { createServer } from '../src/server/createServer.ts';
import { conversationJobRunner } from '../src/server/jobs/conversationJobRunner.ts';
import { silentLogger } from '../src/server/Logger.ts';
import { endpointingFixture, FIXTURE_VARIANTS } from './endpointingFixtures.ts';
import { countSplitSentences, sentencesOf } from './sentenceSplits.ts';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const meeting = env('LIVE_BENCH_MEETING', 'sample-meeting');
const concurrent = Number(env('LIVE_BENCH_CONCURRENT', '10'));
const longMinutes = Number(env('LIVE_BENCH_LONG_MINUTES', '10'));
const longSpeed = Number(env('LIVE_BENCH_LONG_SPEED', '2'));
const runsPerPath = Number(env('LIVE_BENCH_RUNS', '2'));
const chunkMs = Number(env('LIVE_BENCH_CHUNK_MS', '100'));
const RATE = 16000;
const chunkSamples = (RATE * chunkMs) / 1000;

const lines: string[] = [];
const note = (text = ''): void => {
  lines.push(text);
  process.stdout.write(`${text}\n`);
};

/** Wall-clock times (performance.now) of what a run saw, per utterance of the script. */
interface RunTimes {
  /** When each audio sample position was sent: index = chunk number. */
  sentAt: number[];
  /** Arrival times of partial hypotheses, with their text. */
  partials: number[];
  /** Arrival times of finals, with the audio seconds where the final utterance ends, and its text. */
  finals: Array<{ at: number; end: number; text: string }>;
  /** From the last audio sent to the end (conversation_completed; baseline: last final). */
  drainMs?: number;
}

/** Per-turn latencies: end of turn -> final covering it; start of turn -> first partial after it. */
function latencies(turns: readonly ConversationTurn[], run: RunTimes, offsetSeconds = 0) {
  const sentAtSecond = (s: number): number | undefined =>
    run.sentAt[Math.min(run.sentAt.length - 1, Math.ceil(((s + offsetSeconds) * 1000) / chunkMs))];
  const finals: number[] = [];
  const partials: number[] = [];
  for (const turn of turns) {
    const endSent = sentAtSecond(turn.end);
    const startSent = sentAtSecond(turn.start);
    if (endSent === undefined || startSent === undefined) continue;
    const final = run.finals.find((f) => f.end + 0.6 >= turn.end + offsetSeconds && f.at >= startSent);
    if (final !== undefined) finals.push(Math.max(0, final.at - endSent));
    const partial = run.partials.find((at) => at >= startSent);
    if (partial !== undefined) partials.push(partial - startSent);
  }
  return { finals, partials };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

/** Calls `send(i)` for chunk i at t0 + i * chunkMs / speed, correcting drift. */
async function paced(count: number, speed: number, send: (i: number) => void): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = t0 + (i * chunkMs) / speed;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    send(i);
  }
}

/** Baseline: the recogniser alone, in-process, same pacing and chunking. */
async function baselineRun(pcm: Int16Array): Promise<RunTimes> {
  const run: RunTimes = { sentAt: [], partials: [], finals: [] };
  const session = await new PocketsphinxRecognizer().open({ sampleRate: RATE, partialIntervalMs: 200 });
  session.events$.subscribe((event) => {
    const at = performance.now();
    // Like the server, count only hypotheses with words (the server sends no empty ones).
    if (event.type === 'partial') {
      if (event.text.trim() !== '') run.partials.push(at);
    } else if (event.utterance.text.trim() !== '') {
      run.finals.push({ at, end: event.utterance.end, text: event.utterance.text });
    }
  });
  const count = Math.ceil(pcm.length / chunkSamples);
  await paced(count, 1, (i) => {
    run.sentAt[i] = performance.now();
    void session.write(pcm.subarray(i * chunkSamples, (i + 1) * chunkSamples));
  });
  const sentAll = performance.now();
  await session.end();
  run.drainMs = performance.now() - sentAll;
  return run;
}

/** One streaming session over a real WebSocket; resolves after conversation_completed. */
async function socketRun(
  url: string,
  token: string,
  pcm: Int16Array,
  speed = 1,
  onSecond?: (seconds: number) => void,
): Promise<RunTimes> {
  const run: RunTimes = { sentAt: [], partials: [], finals: [] };
  const ws = new WebSocket(
    `${url}/v1/streaming/bench-${Math.random().toString(36).slice(2)}?access_token=${token}`,
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const done = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const started = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString());
      if (frame.type === 'message') {
        if (frame.message.type === 'recognition_started') resolve();
        if (frame.message.type === 'recognition_result' && frame.message.isFinal === false)
          run.partials.push(at);
      } else if (frame.type === 'message_response') {
        const messages = frame.messages as Array<{ text: string; duration: { endTime: string } }>;
        const end = Math.max(...messages.map((m) => Date.parse(m.duration.endTime) / 1000));
        run.finals.push({ at, end, text: messages.map((m) => m.text).join(' ') });
      }
    });
  });
  ws.send(
    JSON.stringify({
      type: 'start_request',
      insightTypes: ['question', 'action_item', 'follow_up'],
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: RATE } },
      speaker: { userId: 'bench@example.com', name: 'Bench' },
    }),
  );
  await started;
  const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const count = Math.ceil(pcm.length / chunkSamples);
  const chunkBytes = chunkSamples * 2;
  await paced(count, speed, (i) => {
    run.sentAt[i] = performance.now();
    ws.send(bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes));
    if (onSecond !== undefined && (i * chunkMs) % 1000 === 0) onSecond((i * chunkMs) / 1000);
  });
  const sentAll = performance.now();
  ws.send(JSON.stringify({ type: 'stop_request' }));
  await done;
  run.drainMs = performance.now() - sentAll;
  return run;
}

/** Finals' `end` from message_response is absolute; the conversation starts at the session start. */
function relativeEnds(run: RunTimes, conversationStartSeconds: number): RunTimes {
  return { ...run, finals: run.finals.map((f) => ({ ...f, end: f.end - conversationStartSeconds })) };
}

/** Sentences of the script split over two or more finals, as "n/total (p%)". */
function splitSentences(turns: readonly ConversationTurn[], run: RunTimes): { split: number; total: number } {
  const counted = countSplitSentences(
    turns.flatMap((t) => sentencesOf(t.text)),
    run.finals.map((f) => f.text),
  );
  return { split: counted.split, total: counted.sentences };
}

async function main(): Promise<void> {
  const fixture = await synthesizeConversation(meeting);
  const wav = decodeWav(readFileSync(fixture.mixWav));
  if (wav.sampleRate !== RATE || wav.channels !== 1) throw new Error('expected a 16 kHz mono fixture');
  const pcm = wav.samples;
  const turns = fixture.turns;
  const audioSeconds = pcm.length / RATE;

  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-live-'));
  const server = await createServer({
    dataDir,
    env: {},
    logger: silentLogger,
    runner: conversationJobRunner(),
  });
  const { appId, appSecret } = server.createdApp!;
  const tokenResponse = await request(`${server.url}/oauth2/token:generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'application', appId, appSecret }),
  });
  const token = ((await tokenResponse.body.json()) as { accessToken: string }).accessToken;
  const wsUrl = server.url.replace('http', 'ws');

  note(`# bench:live (${new Date().toISOString()})`);
  note();
  note(
    `Audio: fixture \`${meeting}\`, ${audioSeconds.toFixed(1)} s, ${turns.length} utterances, ${chunkMs} ms frames, ` +
      `real-time pacing. Machine: ${availableParallelism()} cores, Node ${process.version}. The baseline is the ` +
      "recogniser alone in-process with the engine's own end-of-speech detection (0.5 s hangover); the server's live " +
      "sessions use the endpointer. Latency: from sending the frame holding the end of a turn's speech to the final.",
  );
  note();

  // Warm the recogniser workers so neither run pays for the first model load.
  await baselineRun(pcm.subarray(0, RATE));

  const load = (): string => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
  const row = (name: string, a: number[], b: number[], p: number): void =>
    note(
      `| ${name} P${p} | ${ms(percentile(a, p))} | ${ms(percentile(b, p))} | ${ratio(percentile(b, p), percentile(a, p))} |`,
    );
  const layouts = env('LIVE_BENCH_LAYOUTS', '0,1,2,4')
    .split(',')
    .map((i) => FIXTURE_VARIANTS[Number(i)]!);
  let serverSingle = { finals: [] as number[], partials: [] as number[], drains: [] as number[] };
  for (const layout of layouts) {
    const laidOut = await endpointingFixture(meeting, layout);
    // Alternating runs, so both paths see the same machine load. Conversation time 0 is the
    // session start: message_response ends are absolute ISO times.
    const baseline = { finals: [] as number[], partials: [] as number[], drains: [] as number[], split: 0 };
    const single = { finals: [] as number[], partials: [] as number[], drains: [] as number[], split: 0 };
    let sentences = 0;
    for (let run = 0; run < runsPerPath; run += 1) {
      const raw = await baselineRun(laidOut.pcm);
      const b = latencies(laidOut.turns, raw);
      baseline.finals.push(...b.finals);
      baseline.partials.push(...b.partials);
      baseline.drains.push(raw.drainMs ?? Number.NaN);
      baseline.split += splitSentences(laidOut.turns, raw).split;
      const wallStart = Date.now() / 1000;
      const socket = relativeEnds(await socketRun(wsUrl, token, laidOut.pcm), wallStart);
      const s = latencies(laidOut.turns, socket);
      single.finals.push(...s.finals);
      single.partials.push(...s.partials);
      single.drains.push(socket.drainMs ?? Number.NaN);
      const counted = splitSentences(laidOut.turns, socket);
      single.split += counted.split;
      sentences += counted.total;
    }
    if (layout === FIXTURE_VARIANTS[0]) serverSingle = single;
    note(`## One session, ${layout.name} (${load()} after)`);
    note();
    note('| measure | baseline (recogniser alone) | server over WebSocket | ratio |');
    note('| --- | --- | --- | --- |');
    row('end of utterance -> final', baseline.finals, single.finals, 50);
    row('end of utterance -> final', baseline.finals, single.finals, 95);
    row('speech start -> first partial', baseline.partials, single.partials, 50);
    row('speech start -> first partial', baseline.partials, single.partials, 95);
    row('last audio -> end of stream', baseline.drains, single.drains, 50);
    const pct = (n: number): string =>
      `${n}/${sentences} (${((100 * n) / Math.max(1, sentences)).toFixed(1)}%)`;
    note(`| sentences split over two or more finals | ${pct(baseline.split)} | ${pct(single.split)} | |`);
    note(
      `| utterances measured (${runsPerPath} runs each) | ${baseline.finals.length}/${laidOut.turns.length * runsPerPath} | ` +
        `${single.finals.length}/${laidOut.turns.length * runsPerPath} | |`,
    );
    note();
  }
  if (serverSingle.finals.length === 0) {
    const s = latencies(turns, relativeEnds(await socketRun(wsUrl, token, pcm), Date.now() / 1000));
    serverSingle = { finals: s.finals, partials: s.partials, drains: [] };
  }

  if (longMinutes > 0) {
    note(`## Long session: ${longMinutes} min of looped audio at ${longSpeed}x real time (${load()} before)`);
    note();
    const loops = Math.ceil((longMinutes * 60) / audioSeconds);
    const long = new Int16Array(loops * pcm.length);
    for (let i = 0; i < loops; i += 1) long.set(pcm, i * pcm.length);
    const samples: Array<{ seconds: number; rss: number; heap: number }> = [];
    const sample = (seconds: number): void => {
      if (seconds % 60 !== 0) return;
      const memory = process.memoryUsage();
      samples.push({ seconds, rss: memory.rss / 2 ** 20, heap: memory.heapUsed / 2 ** 20 });
    };
    const longRun = await socketRun(
      wsUrl,
      token,
      long.subarray(0, longMinutes * 60 * RATE),
      longSpeed,
      sample,
    );
    const memory = process.memoryUsage();
    samples.push({ seconds: longMinutes * 60, rss: memory.rss / 2 ** 20, heap: memory.heapUsed / 2 ** 20 });
    note('| audio minute | RSS (MiB) | heap used (MiB) |');
    note('| --- | --- | --- |');
    for (const s of samples)
      note(`| ${(s.seconds / 60).toFixed(0)} | ${s.rss.toFixed(0)} | ${s.heap.toFixed(0)} |`);
    const early = samples.find((s) => s.seconds >= 120) ?? samples[0]!;
    const last = samples.at(-1)!;
    note();
    note(
      `RSS from minute ${(early.seconds / 60).toFixed(0)} to the end: ${ratio(last.rss, early.rss)} ` +
        `(${(last.rss - early.rss).toFixed(0)} MiB); ${longRun.finals.length} message_response frames.`,
    );
    note();
  }

  note(`## ${concurrent} concurrent sessions (${load()} before)`);
  note();
  const concurrentStart = Date.now() / 1000;
  const runs = await Promise.all(
    Array.from({ length: concurrent }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 97));
      const startSeconds = concurrentStart + (i * 97) / 1000;
      return relativeEnds(await socketRun(wsUrl, token, pcm), startSeconds);
    }),
  );
  const many = runs.map((r) => latencies(turns, r));
  const manyFinals = many.flatMap((m) => m.finals);
  const manyPartials = many.flatMap((m) => m.partials);
  note('| measure | 1 session | concurrent | growth |');
  note('| --- | --- | --- | --- |');
  const grow = (name: string, a: number[], b: number[], p: number): void =>
    note(
      `| ${name} P${p} | ${ms(percentile(a, p))} | ${ms(percentile(b, p))} | ${ratio(percentile(b, p), percentile(a, p))} |`,
    );
  grow('end of utterance -> final', serverSingle.finals, manyFinals, 50);
  grow('end of utterance -> final', serverSingle.finals, manyFinals, 95);
  grow('speech start -> first partial', serverSingle.partials, manyPartials, 50);
  grow('speech start -> first partial', serverSingle.partials, manyPartials, 95);
  grow(
    'last audio -> conversation_completed',
    serverSingle.drains,
    runs.map((r) => r.drainMs ?? Number.NaN),
    50,
  );
  note(
    `| utterances measured | ${serverSingle.finals.length} | ${manyFinals.length}/${turns.length * concurrent} | |`,
  );
  note();

  note(`(${load()} at the end)`);
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  const out = fileURLToPath(new URL('./live.results.md', import.meta.url));
  writeFileSync(out, `${lines.join('\n')}\n`);
  process.stdout.write(`\nwritten to ${out}\n`);
}

await main();

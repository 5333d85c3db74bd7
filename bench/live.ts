/**
 * `npm run bench:live`: live streaming on loopback with real-time pacing, against a baseline
 * measured in the same run (the same recogniser fed the same audio in-process, no server).
 *
 * Measures, per utterance of a synthesized meeting:
 * - end of the utterance (its scripted end sent) -> its final `message_response` (target P50 <= 700 ms);
 * - start of the utterance (its scripted start sent) -> its first partial `recognition_result`;
 * then the same with 10 sessions at once, and RSS over a long session of looped audio.
 *
 * Environment knobs (all optional):
 *   LIVE_BENCH_MEETING=sample-meeting  fixture script
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
  /** Arrival times of finals, with the audio seconds where the final utterance ends. */
  finals: Array<{ at: number; end: number }>;
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
      run.finals.push({ at, end: event.utterance.end });
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
        const end = Math.max(
          ...frame.messages.map(
            (m: { duration: { endTime: string } }) => Date.parse(m.duration.endTime) / 1000,
          ),
        );
        run.finals.push({ at, end });
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
  return { ...run, finals: run.finals.map((f) => ({ at: f.at, end: f.end - conversationStartSeconds })) };
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
      `real-time pacing. Machine: ${availableParallelism()} cores, Node ${process.version}.`,
  );
  note();

  // Warm the recogniser workers so neither run pays for the first model load.
  await baselineRun(pcm.subarray(0, RATE));

  // Alternating runs, so both paths see the same machine load. Conversation time 0 is the
  // session start: message_response ends are absolute ISO times.
  const baseline = { finals: [] as number[], partials: [] as number[], drains: [] as number[] };
  const serverSingle = { finals: [] as number[], partials: [] as number[], drains: [] as number[] };
  for (let run = 0; run < runsPerPath; run += 1) {
    const raw = await baselineRun(pcm);
    const b = latencies(turns, raw);
    baseline.finals.push(...b.finals);
    baseline.partials.push(...b.partials);
    baseline.drains.push(raw.drainMs ?? Number.NaN);
    const wallStart = Date.now() / 1000;
    const single = await socketRun(wsUrl, token, pcm);
    const s = latencies(turns, relativeEnds(single, wallStart));
    serverSingle.finals.push(...s.finals);
    serverSingle.partials.push(...s.partials);
    serverSingle.drains.push(single.drainMs ?? Number.NaN);
  }

  const load = (): string => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
  note(`## One session (${load()} before)`);
  note();
  note('| measure | baseline (recogniser alone) | server over WebSocket | ratio |');
  note('| --- | --- | --- | --- |');
  const row = (name: string, a: number[], b: number[], p: number): void =>
    note(
      `| ${name} P${p} | ${ms(percentile(a, p))} | ${ms(percentile(b, p))} | ${ratio(percentile(b, p), percentile(a, p))} |`,
    );
  row('end of utterance -> final', baseline.finals, serverSingle.finals, 50);
  row('end of utterance -> final', baseline.finals, serverSingle.finals, 95);
  row('speech start -> first partial', baseline.partials, serverSingle.partials, 50);
  row('speech start -> first partial', baseline.partials, serverSingle.partials, 95);
  row('last audio -> end of stream', baseline.drains, serverSingle.drains, 50);
  note(
    `| utterances measured (${runsPerPath} runs each) | ${baseline.finals.length}/${turns.length * runsPerPath} | ` +
      `${serverSingle.finals.length}/${turns.length * runsPerPath} | |`,
  );
  note();

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

/**
 * `npm run bench:http`: the server's HTTP request path under load from wrk (a separate process),
 * against a bare `node:http` server measured in the same run.
 *
 * Measures (each for HTTP_BENCH_SECONDS, 10 connections unless said):
 * - bare `node:http` answering a small JSON: req/s, p99 (the baseline);
 * - `POST /oauth2/token:generate` with valid credentials: req/s (target >= 1000);
 * - `GET /v1/conversations/{id}/messages` of a 20-message conversation: req/s, p99 (target ratio
 *   to bare >= 0.15);
 * - `GET /v1/job/{id}`: req/s, p99 (target ratio >= 0.15);
 * - the job status route's p99 alone, then while 50 other connections flood the token endpoint
 *   with bad secrets from one address.
 *
 * The server runs as `parley serve` would (JSON log lines to a file, the SQLite store), with the
 * per-app rate limit raised so the load is not refused. Needs `wrk` on the PATH
 * (`apt-get install wrk`). Knobs: HTTP_BENCH_SECONDS (default 8), HTTP_BENCH_THREADS (default 1),
 * HTTP_BENCH_PROFILE=messages|job|tokens (writes the server's CPU profile during that measure to
 * bench/httpPath-<measure>.cpuprofile, for Chrome's DevTools or `speedscope`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createServer } from '../src/server/createServer.ts';
import { conversationJobRunner } from '../src/server/jobs/conversationJobRunner.ts';
import { jsonLogger } from '../src/server/Logger.ts';

const seconds = Number(process.env.HTTP_BENCH_SECONDS ?? 8);
const threads = Number(process.env.HTTP_BENCH_THREADS ?? 1);
const profiled = process.env.HTTP_BENCH_PROFILE;
const APP_ID = 'b'.repeat(64);
const APP_SECRET = 'c'.repeat(128);

const lines: string[] = [];
const note = (text = ''): void => {
  lines.push(text);
  process.stdout.write(`${text}\n`);
};
const load = () => loadavg()[0]!.toFixed(1);

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
}

/** Runs wrk with `--latency` and reads its summary (latencies in ms). */
function wrk(
  url: string,
  options: { connections?: number; script?: string; duration?: number } = {},
): Promise<WrkResult> {
  const args = [
    `-t${threads}`,
    `-c${options.connections ?? 10}`,
    `-d${options.duration ?? seconds}s`,
    '--latency',
    ...(options.script === undefined ? [] : ['-s', options.script]),
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) return reject(error);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
      const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
      const percentile = (p: string) => {
        const match = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
        if (match === null) return Number.NaN;
        const value = Number(match[1]);
        return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
      };
      resolve({ rps, p50: percentile('50'), p99: percentile('99'), non2xx, requests });
    });
  });
}

/** The commit the bench runs on, marked when the work tree has changes (`unknown` outside git). */
function commit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', '../src') === '' ? '' : ' with changes to src'}`;
  } catch {
    return 'unknown';
  }
}

/** Runs `measure`, recording this process's CPU profile meanwhile when HTTP_BENCH_PROFILE names it. */
async function profiling<T>(name: string, measure: () => Promise<T>): Promise<T> {
  if (profiled !== name) return measure();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await measure();
  const { profile } = await session.post('Profiler.stop');
  const file = fileURLToPath(new URL(`./httpPath-${name}.cpuprofile`, import.meta.url));
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  process.stdout.write(`CPU profile of ${name}: ${file}\n`);
  return result;
}

/** A wrk Lua script that sends `method` with `headers` and `body` on every request. */
function script(
  dir: string,
  name: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): string {
  const path = join(dir, `${name}.lua`);
  const lua = [
    `wrk.method = "${method}"`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`),
    ...(body === undefined ? [] : [`wrk.body = [[${body}]]`]),
  ].join('\n');
  writeFileSync(path, `${lua}\n`);
  return path;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-http-bench-'));
  note(`# bench:http (${new Date().toISOString()})`);
  note();
  note(`Code: commit ${commit()}.`);
  note();
  note(
    `wrk from a separate process, ${threads} thread(s), ${seconds} s per measure, 10 connections unless said. ` +
      `Machine: ${availableParallelism()} cores, Node ${process.version}. Load average ${load()} before.`,
  );
  note();

  const bare = createHttpServer((_req, res) => {
    const body = '{"id":"9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d","status":"completed"}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const log = createWriteStream(join(dir, 'server.log'));
  const server = await createServer({
    dataDir: join(dir, 'data'),
    env: { PARLEY_APP_ID: APP_ID, PARLEY_APP_SECRET: APP_SECRET },
    logger: jsonLogger(log),
    runner: conversationJobRunner(),
    rateLimit: { requests: 100_000_000, windowSeconds: 10 },
  });
  const tokenBody = JSON.stringify({ type: 'application', appId: APP_ID, appSecret: APP_SECRET });
  const issued = await request(`${server.url}/oauth2/token:generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: tokenBody,
  });
  const { accessToken } = (await issued.body.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const submitted = await request(`${server.url}/v1/process/text`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      messages: Array.from({ length: 20 }, (_, i) => ({
        payload: { content: `Message number ${i}: we should send the renewal quote to Priya by Friday.` },
        from: { userId: i % 2 ? 'ana@example.com' : 'ben@example.com', name: i % 2 ? 'Ana' : 'Ben' },
      })),
    }),
  });
  const { conversationId, jobId } = (await submitted.body.json()) as {
    conversationId: string;
    jobId: string;
  };
  for (let status = ''; status !== 'completed'; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const job = await request(`${server.url}/v1/job/${jobId}`, { headers: auth });
    status = ((await job.body.json()) as { status: string }).status;
    if (status === 'failed') throw new Error('the 20-message job failed');
  }
  const messagesUrl = `${server.url}/v1/conversations/${conversationId}/messages`;
  const check = await request(messagesUrl, { headers: auth });
  const checkedText = await check.body.text();
  const checked = JSON.parse(checkedText) as { messages: unknown[] };
  if (checked.messages.length !== 20) throw new Error(`expected 20 messages, got ${checked.messages.length}`);
  const messagesBytes = Buffer.byteLength(checkedText);

  const authScript = script(dir, 'auth', 'GET', auth);
  const tokenScript = script(dir, 'token', 'POST', { 'content-type': 'application/json' }, tokenBody);
  const badScript = script(
    dir,
    'bad',
    'POST',
    { 'content-type': 'application/json' },
    JSON.stringify({ type: 'application', appId: APP_ID, appSecret: 'x'.repeat(128) }),
  );

  const baseline = await wrk(bareUrl);
  const tokens = await profiling('tokens', () =>
    wrk(`${server.url}/oauth2/token:generate`, { script: tokenScript }),
  );
  const messages = await profiling('messages', () => wrk(messagesUrl, { script: authScript }));
  const jobStatus = await profiling('job', () =>
    wrk(`${server.url}/v1/job/${jobId}`, { script: authScript }),
  );
  const quiet = await wrk(`${server.url}/v1/job/${jobId}`, { script: authScript, connections: 2 });
  const flood = wrk(`${server.url}/oauth2/token:generate`, {
    script: badScript,
    connections: 50,
    duration: seconds + 2,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const flooded = await wrk(`${server.url}/v1/job/${jobId}`, { script: authScript, connections: 2 });
  const flooding = await flood;
  const loadAfter = load();

  const row = (name: string, r: WrkResult, ratio?: number, target?: string) =>
    note(
      `| ${name} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${
        ratio === undefined ? '' : ratio.toFixed(2)
      } | ${target ?? ''} |`,
    );
  note(`The messages answer is ${messagesBytes.toLocaleString('en')} bytes of JSON.`);
  note();
  note('| measure | req/s | p50 | p99 | ratio to bare | target |');
  note('| --- | --- | --- | --- | --- | --- |');
  row('bare node:http, small JSON', baseline);
  row(
    'POST /oauth2/token:generate (valid)',
    tokens,
    tokens.rps / baseline.rps,
    `>= 1000 req/s: ${tokens.rps >= 1000 ? 'met' : 'NOT met'}`,
  );
  const messagesRatio = messages.rps / baseline.rps;
  row(
    'GET messages (20)',
    messages,
    messagesRatio,
    `ratio >= 0.15: ${messagesRatio >= 0.15 ? 'met' : 'NOT met'}`,
  );
  const jobRatio = jobStatus.rps / baseline.rps;
  row('GET job status', jobStatus, jobRatio, `ratio >= 0.15: ${jobRatio >= 0.15 ? 'met' : 'NOT met'}`);
  note();
  note(
    'Job status with 2 connections, alone and while 50 connections flood the token endpoint with bad secrets:',
  );
  note();
  note('| measure | req/s | p50 | p99 |');
  note('| --- | --- | --- | --- |');
  note(
    `| job status alone | ${Math.round(quiet.rps)} | ${quiet.p50.toFixed(2)} ms | ${quiet.p99.toFixed(2)} ms |`,
  );
  note(
    `| job status during the flood | ${Math.round(flooded.rps)} | ${flooded.p50.toFixed(2)} ms | ${flooded.p99.toFixed(2)} ms |`,
  );
  note(
    `| the flood (bad secrets) | ${Math.round(flooding.rps)} | ${flooding.p50.toFixed(2)} ms | ${flooding.p99.toFixed(2)} ms |`,
  );
  note();
  note(
    `Of the flood's ${flooding.requests} requests, ${flooding.non2xx} were refused (401, then 429 once the address was throttled). ` +
      `Load average ${loadAfter} at the end.`,
  );
  note();
  note('---');
  note();

  await server.close();
  bare.close();
  // The log stream is left to close with the process: lines may still be written after close().
  rmSync(dir, { recursive: true, force: true });
  appendFileSync(fileURLToPath(new URL('./httpPath.results.md', import.meta.url)), `${lines.join('\n')}\n`);
}

await main();

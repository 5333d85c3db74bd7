/**
 * `npm run bench:page-weight`: bytes a browser transfers on the first load of a conversation
 * page for a 10-minute recording (kept, so the player is there), measured in Debian's Chromium
 * through the DevTools protocol (encoded bytes on the wire, headers included). Prints the bytes by
 * kind of resource, and, as the baseline measured in the same run, what the page's data costs as
 * the API's own JSON (every resource the page reads, fetched by a plain client) and the recording.
 *
 * The recording is the six fixture conversations spoken by flite, repeated and cut to
 * PAGE_WEIGHT_MINUTES (default 10) minutes. Writes bench/pageWeight.results.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { lastValueFrom } from 'rxjs';
import { buildWebIfStale } from '../scripts/buildWeb.ts';
import { synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';
import { createClient } from '../src/client/createClient.ts';
import { createServer } from '../src/server/createServer.ts';
import { silentLogger } from '../src/server/Logger.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/web/support/chromium.ts';

const minutes = Number(process.env.PAGE_WEIGHT_MINUTES ?? '10');
const dir = mkdtempSync(join(tmpdir(), 'parley-page-weight-'));
const scripts = readdirSync(fileURLToPath(new URL('../scripts/fixtures/conversations', import.meta.url)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

await buildWebIfStale();
const parts: string[] = [];
for (const name of scripts) parts.push((await synthesizeConversation(name)).mixWav);
const list = join(dir, 'list.txt');
const repeats = Math.ceil((minutes * 60) / 60);
writeFileSync(
  list,
  Array.from({ length: repeats }, () => parts.map((p) => `file '${p}'`).join('\n')).join('\n'),
);
const recording = join(dir, 'meeting.wav');
execFileSync('ffmpeg', [
  '-v',
  'error',
  '-y',
  '-f',
  'concat',
  '-safe',
  '0',
  '-i',
  list,
  '-t',
  String(minutes * 60),
  '-ac',
  '1',
  '-ar',
  '16000',
  recording,
]);

const server = await createServer({
  dataDir: join(dir, 'data'),
  env: {},
  logger: silentLogger,
  keepMedia: true,
});
const app = server.createdApp!;
const client = createClient({
  baseUrl: server.url,
  appId: app.appId,
  appSecret: app.appSecret,
  env: {},
  cwd: dir,
  homeDir: dir,
  job: { deadlineMs: 3_600_000 },
});
const started = performance.now();
const job = client.audio.processFile(recording, {
  name: 'Ten minutes',
  enableSpeakerDiarization: true,
  diarizationSpeakerCount: 2,
});
await lastValueFrom(job);
const transcribeSeconds = (performance.now() - started) / 1000;
const conversationId = await job.conversationId();
const { url } = await lastValueFrom(
  client.conversations.createExperience(conversationId, { name: 'verbose-text-summary' }),
);
const { messages } = await lastValueFrom(client.conversations.getMessages(conversationId));

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
const kinds = new Map<string, string>();
const bytes = new Map<string, number>();
cdp.on('Network.responseReceived', (event) => kinds.set(event.requestId, `${event.type}`));
cdp.on('Network.loadingFinished', (event) => bytes.set(event.requestId, event.encodedDataLength));
await page.goto(url);
await page.locator('.lines .line').first().waitFor();
await page.waitForLoadState('networkidle');
const byKind = new Map<string, { count: number; bytes: number }>();
for (const [id, size] of bytes) {
  const kind = kinds.get(id) ?? 'Other';
  const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
  byKind.set(kind, { count: entry.count + 1, bytes: entry.bytes + size });
}
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
await browser.close();

// Baseline: the same data as a plain API client reads it (bodies only, uncompressed JSON).
const base = `${server.url}/v1/conversations/${conversationId}`;
const token = (await (
  await fetch(`${server.url}/oauth2/token:generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'application', appId: app.appId, appSecret: app.appSecret }),
  })
).json()) as { accessToken: string };
let apiBytes = 0;
for (const path of [
  '',
  '/messages?sentiment=true',
  '/topics',
  '/questions',
  '/action-items',
  '/follow-ups',
  '/entities',
  '/trackers-detected',
  '/analytics',
  '/summary',
  '/callscore',
  '/media',
]) {
  const response = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token.accessToken}` },
  });
  apiBytes += (await response.arrayBuffer()).byteLength;
}
await client.close();
await server.close();
const recordingBytes = statSync(recording).size;
rmSync(dir, { recursive: true, force: true });

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const lines = [
  `# Page weight: first load of a ${minutes}-minute conversation page`,
  '',
  `${messages.length} messages; transcribed in ${transcribeSeconds.toFixed(0)} s; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (${new Date().toISOString().slice(0, 10)}).`,
  '',
  '| resource kind | requests | bytes on the wire |',
  '| --- | --- | --- |',
  ...[...byKind]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([kind, e]) => `| ${kind} | ${e.count} | ${kb(e.bytes)} |`),
  `| **total** | ${bytes.size} | **${kb(total)}** |`,
  '',
  `Baseline in the same run: the page's data as API JSON (12 resources, bodies only) ${kb(apiBytes)}; the recording ${kb(recordingBytes)}.`,
  `Page / API JSON: ${(total / apiBytes).toFixed(2)}. Page / recording: ${(total / recordingBytes).toFixed(4)}.`,
  '',
];
process.stdout.write(lines.join('\n'));
writeFileSync(fileURLToPath(new URL('pageWeight.results.md', import.meta.url)), lines.join('\n'));

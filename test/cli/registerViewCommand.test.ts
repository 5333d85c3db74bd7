import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale } from '../../scripts/buildWeb.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { createServer, type RunningServer } from '../../src/server/createServer.ts';
import { silentLogger } from '../../src/server/Logger.ts';
import { call, tokenFor, waitForJob } from '../server/support/testServer.ts';
import { PARLEY_EXECUTABLE, PARLEY_PREFIX } from './fixtures/parleyCommand.ts';

const run = promisify(execFile);
// No DISPLAY: the commands print the URL and open nothing.
const home = mkdtempSync(join(tmpdir(), 'parley-view-home-'));
const bareEnv = { PATH: process.env.PATH ?? '', HOME: home };

let server: RunningServer;
beforeAll(async () => {
  // The pages are served from the package's dist/web, as an installed package would.
  await buildWebIfStale();
  server = await createServer({ dataDir: join(home, 'server'), env: {}, logger: silentLogger });
});
afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

/** Fetches a page and returns its status and body. */
async function page(url: string): Promise<{ status: number; body: string }> {
  const response = await request(url);
  return { status: response.statusCode, body: await response.body.text() };
}

describe('parley view', () => {
  it('prints the URL of the page of a conversation on the configured server', async () => {
    const app = server.createdApp!;
    const token = await tokenFor(server.url, app.appId, app.appSecret);
    const submitted = await call(server.url, 'POST', '/v1/process/text', {
      token,
      json: {
        name: 'Standup',
        messages: [{ payload: { content: 'I will send the notes tomorrow.' }, from: { name: 'Ann' } }],
      },
    });
    await waitForJob(server.url, token, submitted.body.jobId);
    const env = {
      ...bareEnv,
      PARLEY_BASE_URL: server.url,
      PARLEY_APP_ID: app.appId,
      PARLEY_APP_SECRET: app.appSecret,
    };
    const { stdout } = await run(
      PARLEY_EXECUTABLE,
      [...PARLEY_PREFIX, 'view', submitted.body.conversationId, '--no-open'],
      {
        env,
        cwd: home,
      },
    );
    const url = stdout.trim();
    expect(url).toMatch(
      new RegExp(`^${server.url}/pages/conversations/${submitted.body.conversationId}\\?grant=`),
    );
    const shown = await page(url);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<title>Standup · Parley</title>');

    const missing = await run(PARLEY_EXECUTABLE, [...PARLEY_PREFIX, 'view', '1234', '--no-open'], {
      env,
      cwd: home,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/PARLEY_ERR_NOT_FOUND/) });
  });
});

describe('parley transcribe --open with nothing configured', () => {
  it('keeps the recording and serves the page from the embedded engine until Ctrl-C', {
    timeout: 180_000,
  }, async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const child = spawn(
      PARLEY_EXECUTABLE,
      [...PARLEY_PREFIX, 'transcribe', fixture.mixWav, '--diarize', '2', '--open'],
      {
        env: bareEnv,
        cwd: home,
      },
    );
    let stderr = '';
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      // stdout and stderr are two pipes: the transcript written before the page line may reach
      // this process after it (CI saw an empty stdout once), so wait for both.
      const check = () => {
        const match = /parley: page: (\S+)/.exec(stderr);
        if (match !== null && stderr.includes('press Ctrl-C') && /launch/i.test(stdout)) resolve(match[1]!);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        check();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        check();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before serving: ${stderr}`)));
    });
    expect(stdout).toMatch(/launch/i);
    const shown = await page(url);
    expect(shown.status).toBe(200);
    // The recording was kept, so the page has something to play.
    const grant = new URL(url).searchParams.get('grant')!;
    const conversationId = new URL(url).pathname.split('/').at(-1)!;
    const media = await request(`${new URL(url).origin}/v1/conversations/${conversationId}/media`, {
      headers: { authorization: `Bearer ${grant}` },
    });
    expect(((await media.body.json()) as { media: unknown[] }).media).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(page(url)).rejects.toThrow();
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { createClient } from '../../src/client/createClient.ts';
import { ConversationMessage } from '../../src/model/messages.ts';
import { createServer, type RunningServer } from '../../src/server/createServer.ts';
import { silentLogger } from '../../src/server/Logger.ts';

const run = promisify(execFile);
const script = new URL('./fixtures/parleyFromSource.ts', import.meta.url).pathname;
// tsx by absolute URL: the command runs in an empty home, where no node_modules can be found.
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

// Every run gets an empty home and only PATH from the environment: nothing configured, so
// `transcribe` uses the embedded engine, with its data under this home.
const home = mkdtempSync(join(tmpdir(), 'parley-cli-home-'));
const bareEnv = { PATH: process.env.PATH ?? '', HOME: home };

async function parley(
  args: string[],
  env: NodeJS.ProcessEnv = bareEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', tsx, script, ...args], {
      maxBuffer: 16 * 1024 * 1024,
      env,
      cwd: home,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let server: RunningServer;
afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});
beforeAll(async () => {
  server = await createServer({ dataDir: join(home, 'server'), env: {}, logger: silentLogger });
});

describe('the parley command', () => {
  it('lists the commands that exist', async () => {
    const { code, stdout } = await parley(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/transcribe/);
    expect(stdout).toMatch(/conversation/);
    expect(stdout).toMatch(/serve/);
  });

  it('transcribes the sample meeting with nothing configured, then reads it back', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const { code, stdout, stderr } = await parley(['transcribe', fixture.mixWav, '--diarize', '2', '--json']);
    expect(code).toBe(0);
    const said = stderr.split('\n').filter((line) => line.startsWith('parley: '));
    expect(said.filter((line) => /embedded engine/.test(line))).toHaveLength(1);
    expect(said.some((line) => /uploading/.test(line))).toBe(true);
    expect(said.at(-1)).toMatch(/analysed/);
    const snapshot = JSON.parse(stdout) as {
      conversation: { id: string };
      messages: unknown[];
      questions: { text: string }[];
    };
    const messages = snapshot.messages.map((m) => ConversationMessage.parse(m));
    expect(new Set(messages.map((m) => m.from.name))).toEqual(new Set(['Speaker 1', 'Speaker 2']));
    expect(messages.map((m) => m.text).join(' ')).toMatch(/payment page/i);
    expect(snapshot.questions.some((q) => /price/i.test(q.text))).toBe(true);

    // The same embedded data, read by id through `parley conversation`.
    const members = await parley(['conversation', snapshot.conversation.id, 'members']);
    expect(members.code).toBe(0);
    const names = (JSON.parse(members.stdout) as { members: { name: string }[] }).members.map((m) => m.name);
    expect(names.sort()).toEqual(['Speaker 1', 'Speaker 2']);
  });

  it('reads any resource of a conversation on a configured server', async () => {
    const app = server.createdApp!;
    const client = createClient({ baseUrl: server.url, appId: app.appId, appSecret: app.appSecret, env: {} });
    const job = client.text.process({
      messages: [
        { payload: { content: 'Can you send me the quote by Friday?' }, from: { name: 'Ben' } },
        { payload: { content: 'Yes, I will send it tomorrow.' }, from: { name: 'Ana' } },
      ],
    });
    await lastValueFrom(job);
    const id = await job.conversationId();
    await client.close();
    const env = {
      ...bareEnv,
      PARLEY_BASE_URL: server.url,
      PARLEY_APP_ID: app.appId,
      PARLEY_APP_SECRET: app.appSecret,
    };
    const questions = await parley(['conversation', id, 'questions'], env);
    expect(questions.code).toBe(0);
    expect(JSON.parse(questions.stdout).questions[0].text).toMatch(/quote by Friday/);
    const transcript = await parley(['conversation', id, 'transcript'], env);
    expect(transcript.stdout).toMatch(/Ben: Can you send me the quote by Friday\?/);
    const missing = await parley(['conversation', '1234', 'messages'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/PARLEY_ERR_NOT_FOUND/);
    const unknown = await parley(['conversation', id, 'gossip'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/resource/);
  });

  it('rejects a speaker count that is not a whole number, naming the option', async () => {
    const { code, stderr } = await parley(['transcribe', 'x.wav', '--diarize', 'two']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/diarize/);
    expect(stderr).toMatch(/PARLEY_ERR_VALIDATION|validation/i);
  });

  it('names a missing input file', async () => {
    const { code, stderr } = await parley(['transcribe', '/nonexistent/meeting.wav']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/meeting\.wav/);
  });
});

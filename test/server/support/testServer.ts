import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { newAppCredentials } from '../../../src/server/auth/ensureApps.ts';
import { hashSecret } from '../../../src/server/auth/secretHash.ts';
import { createServer, type RunningServer, type ServerOptions } from '../../../src/server/createServer.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { silentLogger } from '../../../src/server/Logger.ts';

/** A fresh temp data dir; removed by the returned cleanup. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-server-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A JSON response as tests see it. */
export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server sent
  body: any;
}

/** One HTTP call with undici; the body is parsed as JSON when it is JSON. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: {
    token?: string;
    header?: 'bearer' | 'x-api-key';
    json?: unknown;
    body?: string | Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) {
    if (options.header === 'x-api-key') headers['x-api-key'] = options.token;
    else headers.authorization = `Bearer ${options.token}`;
  }
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await request(`${url}${path}`, {
    method: method as 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {}
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

/** A server on 127.0.0.1:0 over a temp data dir, with its generated app and a token for it. */
export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  appId: string;
  appSecret: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts a server for a test; `stop()` closes it and removes the data dir. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const data = tempDataDir();
  // The engine runs in-process here: worker threads take seconds to start, and have their own test.
  const server = await createServer({
    dataDir: data.dir,
    env: {},
    logger: silentLogger,
    pollMs: 50,
    runner: conversationJobRunner(),
    ...options,
  });
  if (server.createdApp === undefined) throw new Error('expected the server to create an app');
  const { appId, appSecret } = server.createdApp;
  const token = await tokenFor(server.url, appId, appSecret);
  return {
    server,
    url: server.url,
    dataDir: data.dir,
    appId,
    appSecret,
    token,
    async stop() {
      await server.close();
      data.remove();
    },
  };
}

/** Generates a token through the API. */
export async function tokenFor(url: string, appId: string, appSecret: string): Promise<string> {
  const response = await call(url, 'POST', '/oauth2/token:generate', {
    json: { type: 'application', appId, appSecret },
  });
  if (response.status !== 200) throw new Error(`token generation failed: ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** A second app on the test server, and a token of it: for checking that apps are isolated. */
export async function otherAppToken(t: TestServer): Promise<string> {
  const other = newAppCredentials();
  await t.server.store.putApp({
    appId: other.appId,
    secretHash: hashSecret(other.appSecret),
    createdAt: new Date().toISOString(),
  });
  return tokenFor(t.url, other.appId, other.appSecret);
}

/** Polls the job until it is terminal (bounded). */
export async function waitForJob(
  url: string,
  token: string,
  jobId: string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await call(url, 'GET', `/v1/job/${jobId}`, { token });
    const status = response.body?.status as string;
    if (status === 'completed' || status === 'failed') return status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A Text API payload of `count` messages from two speakers. */
export function textPayload(count = 3, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const speakers = [
    { userId: 'ben@example.com', name: 'Ben' },
    { userId: 'ana@example.com', name: 'Ana' },
  ];
  return {
    messages: Array.from({ length: count }, (_, i) => ({
      payload: { content: `Message number ${i} about the renewal quote.`, contentType: 'text/plain' },
      from: speakers[i % 2],
    })),
    ...extra,
  };
}

/** A Text API message from `who` (email `<who>@example.com`) at seconds `start`–`end` of 2024-03-04T15:00Z. */
export function timedLine(who: string, text: string, start: number, end: number): Record<string, unknown> {
  const at = (seconds: number) => new Date(Date.UTC(2024, 2, 4, 15, 0, 0) + seconds * 1000).toISOString();
  return {
    payload: { content: text },
    from: { name: who, userId: `${who.toLowerCase()}@example.com` },
    duration: { startTime: at(start), endTime: at(end) },
  };
}

/**
 * Resolves once `dir` is empty (or missing). A job's media is deleted just after its terminal
 * status is stored, so a client that saw the status may look a moment too early.
 */
export async function waitForEmptyDir(dir: string, timeoutMs = 5_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = existsSync(dir) ? readdirSync(dir) : [];
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

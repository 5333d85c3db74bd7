import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeWav } from '../../../scripts/fixtures/encodeWav.ts';
import { ConfigError } from '../../../src/errors/ConfigError.ts';
import { createServer, type RunningServer, type ServerOptions } from '../../../src/server/createServer.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { currentLogContext, type Logger } from '../../../src/server/Logger.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgresDatabase.ts';
import { meetingClip } from '../streaming/liveTestClient.ts';
import { call, tempDataDir, textPayload, tokenFor, waitForEmptyDir } from '../support/testServer.ts';

/*
 * An API node and a worker node on one PostgreSQL database and one media directory, in this
 * process: the API node takes requests and never runs a job; the worker runs every job, media
 * uploaded to the API node included, and answers only its health routes.
 */

let database: TestDatabase;
const data = tempDataDir();
const mediaDir = join(data.dir, 'shared-media');
const servers: RunningServer[] = [];
const logs = new Map<string, Record<string, unknown>[]>();
let api: RunningServer;
let worker: RunningServer;
let token: string;

function recordingLogger(nodeId: string): Logger {
  const lines: Record<string, unknown>[] = [];
  logs.set(nodeId, lines);
  // With the request's or job's fields (jobId, requestId) that the server logs as context.
  return { log: (level, event, fields) => lines.push({ level, event, ...currentLogContext(), ...fields }) };
}

/** Every node of a deployment holds the same server key. */
const SERVER_KEY = randomBytes(32).toString('hex');

async function startNode(nodeId: string, options: Partial<ServerOptions>): Promise<RunningServer> {
  const server = await createServer({
    dataDir: join(data.dir, nodeId),
    database: database.url,
    mediaDir,
    nodeId,
    env: { PARLEY_APP_ID: 'cluster-app', PARLEY_APP_SECRET: 'cluster-secret', PARLEY_SERVER_KEY: SERVER_KEY },
    logger: recordingLogger(nodeId),
    runner: conversationJobRunner(),
    // Longer than any test: a worker that runs a job was woken by the store's notification.
    pollMs: 600_000,
    ...options,
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startNode('api-1', { role: 'api' });
  worker = await startNode('worker-1', { role: 'worker' });
  token = await tokenFor(api.url, 'cluster-app', 'cluster-secret');
});

afterAll(async () => {
  for (const server of servers.reverse()) await server.close();
  await database?.drop();
  data.remove();
});

describe('an API node and a worker node', () => {
  it('run a text job submitted to the API node on the worker only, woken without polling', async () => {
    const started = Date.now();
    const submit = await call(api.url, 'POST', '/v1/process/text', { token, json: textPayload(3) });
    expect(submit.status).toBe(201);
    let status = '';
    while (status !== 'completed' && Date.now() - started < 30_000) {
      status = (await call(api.url, 'GET', `/v1/job/${submit.body.jobId}`, { token })).body.status;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe('completed');
    const ran = (nodeId: string) =>
      logs.get(nodeId)!.filter((l) => l.event === 'job.started' && l.jobId === submit.body.jobId);
    expect(ran('worker-1')).toHaveLength(1);
    expect(ran('api-1')).toHaveLength(0);
    // Every line names its node.
    expect(logs.get('worker-1')!.every((l) => l.node === 'worker-1')).toBe(true);
  });

  it('process media uploaded to the API node on the worker, which reads the shared directory', async () => {
    const clip = await meetingClip(1);
    const wav = encodeWav(clip.pcm, 16000, 1);
    const submit = await call(api.url, 'POST', '/v1/process/audio', {
      token,
      body: wav,
      headers: { 'content-type': 'audio/wav' },
    });
    expect(submit.status).toBe(201);
    const deadline = Date.now() + 120_000;
    let job: { status: string } = { status: '' };
    while (!['completed', 'failed'].includes(job.status) && Date.now() < deadline) {
      job = (await call(api.url, 'GET', `/v1/job/${submit.body.jobId}`, { token })).body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job.status).toBe('completed');
    expect(
      logs.get('worker-1')!.some((l) => l.event === 'job.started' && l.jobId === submit.body.jobId),
    ).toBe(true);
    const messages = await call(api.url, 'GET', `/v1/conversations/${submit.body.conversationId}/messages`, {
      token,
    });
    expect(messages.body.messages.length).toBeGreaterThan(0);
    // The worker deleted the upload once the job ended; only the nodes' probes stay.
    expect((await waitForEmptyDir(mediaDir)).filter((name) => name !== '.nodes')).toEqual([]);
  }, 150_000);

  it('answer the API only on the API node: the worker serves health and says where to go', async () => {
    const refused = await call(worker.url, 'GET', '/v1/conversations', { token });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toContain('only runs jobs');
    expect((await call(worker.url, 'GET', '/healthz')).body).toEqual({
      status: 'ok',
      node: 'worker-1',
      role: 'worker',
    });
    expect((await call(worker.url, 'GET', '/readyz')).body).toEqual({
      status: 'ready',
      node: 'worker-1',
      role: 'worker',
    });
    const upgrade = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${worker.url.replace('http', 'ws')}/v1/streaming/abc?access_token=${token}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(upgrade).toBe(404);
    expect((await call(api.url, 'GET', '/readyz')).status).toBe(200);
  });

  it('keep serving through the drain delay with /readyz at 503, then stop taking connections', async () => {
    const leaving = await startNode('api-2', { role: 'api', drainDelayMs: 1_000 });
    expect((await call(leaving.url, 'GET', '/readyz')).status).toBe(200);
    const closed = leaving.close();
    const ready = await call(leaving.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'draining', node: 'api-2' });
    expect((await call(leaving.url, 'GET', '/healthz')).status).toBe(200);
    // Requests still work while the load balancer catches up.
    expect((await call(leaving.url, 'GET', '/v1/conversations', { token })).status).toBe(200);
    await closed;
    await expect(call(leaving.url, 'GET', '/healthz')).rejects.toThrow();
  });

  it('refuse a node that holds another server key than the deployment', async () => {
    const attempt = createServer({
      dataDir: join(data.dir, 'other-key'),
      database: database.url,
      mediaDir,
      nodeId: 'other-key',
      env: { PARLEY_SERVER_KEY: randomBytes(32).toString('hex') },
      logger: recordingLogger('other-key'),
      runner: conversationJobRunner(),
      role: 'worker',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/give every node the same PARLEY_SERVER_KEY/);
    expect(readdirSync(join(mediaDir, '.nodes'))).not.toContain('other-key.probe');
  });

  it('refuse a node whose media directory is not the one the others share', async () => {
    const elsewhere = join(data.dir, 'not-shared');
    const attempt = createServer({
      dataDir: join(data.dir, 'stray'),
      database: database.url,
      mediaDir: elsewhere,
      nodeId: 'stray',
      env: { PARLEY_SERVER_KEY: SERVER_KEY },
      logger: recordingLogger('stray'),
      runner: conversationJobRunner(),
      role: 'worker',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/--media-dir must name the same shared directory/);
    // It left nothing behind: no probe, no node row, nothing listening.
    expect(existsSync(join(elsewhere, '.nodes', 'stray.probe'))).toBe(false);
    expect(readdirSync(join(mediaDir, '.nodes')).sort()).toEqual(['api-1.probe', 'worker-1.probe']);

    // Same path, other files (as when each machine has a local directory there): the worker's
    // probe is not where the new node looks.
    const probe = join(mediaDir, '.nodes', 'worker-1.probe');
    renameSync(probe, `${probe}.away`);
    try {
      await expect(
        createServer({
          dataDir: join(data.dir, 'stray'),
          database: database.url,
          mediaDir,
          nodeId: 'stray',
          env: { PARLEY_SERVER_KEY: SERVER_KEY },
          logger: recordingLogger('stray'),
          runner: conversationJobRunner(),
          role: 'worker',
        }),
      ).rejects.toThrow(/is not the directory node worker-1 writes to/);
    } finally {
      renameSync(`${probe}.away`, probe);
    }
  });
});

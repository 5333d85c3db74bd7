import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { postgresMigrations } from '../../../src/server/store/postgresMigrations.ts';
import { phoneCallFixture } from '../../sip/phoneCallFixture.ts';
import { runSipp, type SippPeer } from '../../sip/runSipp.ts';
import { answerAndPlayScenario } from '../../sip/sippScenarios.ts';
import { writeRtpPcap } from '../../sip/writeRtpPcap.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgresDatabase.ts';
import { type Frame, kind, LiveTestClient, speakerChannel, system } from '../streaming/liveTestClient.ts';
import { type ChildServer, killChildServers, startChildServer, waitFor } from '../support/childServer.ts';
import { call, type JsonResponse, tempDataDir, textPayload, tokenFor } from '../support/testServer.ts';

/*
 * Three `parley serve` processes on one PostgreSQL database and one media directory, as a
 * deployment runs them behind a load balancer: jobs spread over the nodes, a node killed mid-job,
 * a node joining later, and live sessions reached through nodes that do not hold them.
 */

let database: TestDatabase;
const data = tempDataDir();
const mediaDir = join(data.dir, 'media');
const starts = join(data.dir, 'starts.log');
/** The nodes running now, by id. */
const nodes = new Map<string, ChildServer>();
let token = '';
let peer: SippPeer | undefined;

const SERVER_KEY = randomBytes(32).toString('hex');

function startNode(nodeId: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const dataDir = join(data.dir, nodeId);
  mkdirSync(dataDir, { recursive: true });
  return startChildServer('serveNodeChild.ts', {
    PARLEY_TEST_FLAGS: JSON.stringify({ nodeId, database: database.url, mediaDir, dataDir }),
    PARLEY_TEST_STARTS: starts,
    // Every node of a deployment holds the same server key.
    PARLEY_SERVER_KEY: SERVER_KEY,
    ...env,
  }).then((node) => {
    nodes.set(nodeId, node);
    return node;
  });
}

/** The running nodes, in the order they started. */
const running = (): ChildServer[] => [...nodes.values()];

beforeAll(async () => {
  database = await createTestDatabase();
  mkdirSync(mediaDir, { recursive: true });
  await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => startNode(id)));
}, 120_000);

afterAll(async () => {
  await peer?.stop();
  killChildServers();
  await database?.drop();
  data.remove();
});

/** Submits, waiting out a 429 (the per-app limit of unfinished jobs holds across the nodes). */
async function submit(url: string, payload: Record<string, unknown>): Promise<JsonResponse> {
  for (;;) {
    const response = await call(url, 'POST', '/v1/process/text', { token, json: payload });
    if (response.status !== 429) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForStatus(url: string, jobId: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call(url, 'GET', `/v1/job/${jobId}`, { token });
    if (body?.status === 'completed' || body?.status === 'failed') return body.status as string;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const startLines = (): string[] =>
  existsSync(starts) ? readFileSync(starts, 'utf8').trim().split('\n') : [];
const events = (node: ChildServer, event: string) => node.logLines().filter((line) => line.event === event);

describe('three nodes on one PostgreSQL', () => {
  it('start together: one creates the app, each migration is applied once, every node answers for it', async () => {
    const creators = running().filter((node) => node.stdout().includes('appSecret'));
    expect(creators).toHaveLength(1);
    const appId = /appId:\s+(\S+)/.exec(creators[0]!.stdout())![1]!;
    const appSecret = /appSecret:\s+(\S+)/.exec(creators[0]!.stdout())![1]!;
    token = await tokenFor(running()[1]!.url, appId, appSecret);

    const applied = running().flatMap((node) =>
      events(node, 'store.migrated').flatMap((l) => l.applied as number[]),
    );
    expect(applied.sort((a, b) => a - b)).toEqual(postgresMigrations.map((m) => m.version));
    for (const node of running()) {
      // Every line of a node's log names it.
      const id = JSON.parse(JSON.stringify(node.logLines()[0])).node as string;
      expect(node.logLines().every((line) => line.node === id)).toBe(true);
      expect((await call(node.url, 'GET', '/healthz')).body).toMatchObject({
        status: 'ok',
        node: id,
        role: 'all',
      });
      expect((await call(node.url, 'GET', '/readyz')).status).toBe(200);
      // The signing key is shared: a token from one node is good on all.
      expect((await call(node.url, 'GET', '/v1/conversations', { token })).status).toBe(200);
    }
  });

  it('complete 60 jobs submitted round-robin exactly once, each readable from every node', async () => {
    const nodeList = running();
    const submitted: { jobId: string; conversationId: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await submit(nodeList[i % 3]!.url, textPayload(3, { name: `round ${i}` }));
      expect(response.status).toBe(201);
      submitted.push(response.body);
    }
    for (const [i, job] of submitted.entries()) {
      expect(await waitForStatus(nodeList[(i + 1) % 3]!.url, job.jobId)).toBe('completed');
    }
    const expected = (textPayload(3).messages as { payload: { content: string } }[]).map(
      (m) => m.payload.content,
    );
    for (const job of submitted) {
      for (const node of nodeList) {
        const { body } = await call(node.url, 'GET', `/v1/conversations/${job.conversationId}/messages`, {
          token,
        });
        expect(body.messages.map((m: { text: string }) => m.text)).toEqual(expected);
      }
    }
    const completions = nodeList.flatMap((node) =>
      events(node, 'job.completed').map((line) => ({
        jobId: line.jobId as string,
        node: line.node as string,
      })),
    );
    const ours = completions.filter((c) => submitted.some((s) => s.jobId === c.jobId));
    expect(ours).toHaveLength(60);
    expect(new Set(ours.map((c) => c.jobId)).size).toBe(60);
    // Woken at once by NOTIFY, every node takes a share (how much depends on the machine's load).
    expect(new Set(ours.map((c) => c.node)).size).toBeGreaterThan(1);
  }, 240_000);

  it('finish the job of a node killed mid-job on another node, writing its messages once', async () => {
    const [first] = running();
    const payload = textPayload(4, { name: 'hold: the node running it dies' });
    const { body } = await submit(first!.url, payload);
    const { jobId, conversationId } = body as { jobId: string; conversationId: string };
    await waitFor(() => startLines().some((l) => l.startsWith(`${jobId} 1 `)), 'the job to start', 30_000);
    const victimId = startLines()
      .find((l) => l.startsWith(`${jobId} 1 `))!
      .split(' ')[2]!;
    const victim = nodes.get(victimId)!;
    victim.process.kill('SIGKILL');
    await victim.exited;
    nodes.delete(victimId);

    const survivors = running();
    expect(await waitForStatus(survivors[0]!.url, jobId, 60_000)).toBe('completed');
    const rerun = startLines().find((l) => l.startsWith(`${jobId} 2 `));
    expect(rerun).toBeDefined();
    expect(rerun!.split(' ')[2]).not.toBe(victimId);
    const expected = (payload.messages as { payload: { content: string } }[]).map((m) => m.payload.content);
    for (const node of survivors) {
      const messages = await call(node.url, 'GET', `/v1/conversations/${conversationId}/messages`, { token });
      expect(messages.body.messages.map((m: { text: string }) => m.text)).toEqual(expected);
    }
    const completions = survivors
      .flatMap((node) => events(node, 'job.completed'))
      .filter((l) => l.jobId === jobId);
    expect(completions).toHaveLength(1);
  }, 120_000);

  it('take a node started while the others run, which applies no migration', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const before = (
        await client.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')
      ).rows;
      const late = await startNode('node-d');
      expect(events(late, 'store.migrated')).toEqual([expect.objectContaining({ applied: [] })]);
      expect(late.stdout()).not.toContain('appSecret');
      const after = (await client.query('SELECT version, applied_at FROM schema_migrations ORDER BY version'))
        .rows;
      expect(after).toEqual(before);
      const registered = (await client.query('SELECT id FROM nodes ORDER BY id')).rows.map((r) => r.id);
      expect(registered).toEqual(expect.arrayContaining([...nodes.keys()]));
    } finally {
      await client.end();
    }
  }, 60_000);

  it('hand the job of a node stopped with SIGTERM back to another node, which runs it without waiting for the lease', async () => {
    // The stopping node's lease is longer than this test may take: only a hand-back lets
    // another node run the job in time. The others are paused while it claims the job.
    const leaving = await startNode('node-e', { PARLEY_TEST_LEASE_MS: '600000' });
    const others = running().filter((node) => node !== leaving);
    for (const node of others) node.process.kill('SIGSTOP');
    let jobId = '';
    let conversationId = '';
    try {
      const payload = textPayload(2, { name: 'hold: the node running it is stopped' });
      ({ jobId, conversationId } = (await submit(leaving.url, payload)).body as {
        jobId: string;
        conversationId: string;
      });
      await waitFor(() => startLines().includes(`${jobId} 1 node-e`), 'node-e to start the job', 30_000);
    } finally {
      for (const node of others) node.process.kill('SIGCONT');
    }
    leaving.process.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    nodes.delete('node-e');
    expect(events(leaving, 'jobs.released')).toEqual([expect.objectContaining({ jobIds: [jobId] })]);

    expect(await waitForStatus(others[0]!.url, jobId, 60_000)).toBe('completed');
    const second = startLines().find((l) => l.startsWith(`${jobId} 2 `));
    expect(second?.split(' ')[2]).not.toBe('node-e');
    const messages = await call(others[1]!.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token,
    });
    expect(messages.body.messages).toHaveLength(2);
  }, 120_000);

  it('follow a streaming session held by node A from node B, and join it through node C', async () => {
    const [a, b, c] = running();
    const ws = (node: ChildServer) => node.url.replace('http', 'ws');
    const id = `cluster-${process.pid}`;
    const [sarah, david] = await Promise.all([
      speakerChannel('sample-meeting', 0, 1),
      speakerChannel('sample-meeting', 1, 1),
    ]);
    const start = (name: string, userId: string) => ({
      type: 'start_request',
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
      speaker: { userId, name },
    });
    const speakerA = await LiveTestClient.open(`${ws(a!)}/v1/streaming/${id}?access_token=${token}`);
    speakerA.send(start('Sarah Miller', 'sarah@example.com'));
    const startedA = await speakerA.next(system('recognition_started'));
    const subscriber = await LiveTestClient.open(`${ws(b!)}/v1/subscribe/${id}`, {
      headers: { 'x-api-key': token },
    });
    // A client claiming to be a node is not believed: without the deployment's key the header
    // changes nothing, and C still forwards the socket to A.
    const speakerC = await LiveTestClient.open(`${ws(c!)}/v1/streaming/${id}?access_token=${token}`, {
      headers: { 'x-parley-forwarded-by': 'node-a' },
    });
    speakerC.send(start('David Brown', 'david@example.com'));
    const startedC = await speakerC.next(system('recognition_started'));
    // Forwarded to A: the same conversation, not a new one on C.
    expect(startedC.message.data.conversationId).toBe(startedA.message.data.conversationId);
    expect(speakerC.frames.map(kind)).not.toContain('message/conversation_created');

    speakerA.sendPcm(sarah.pcm);
    speakerC.sendPcm(david.pcm);
    speakerA.send({ type: 'stop_request' });
    speakerC.send({ type: 'stop_request' });
    await Promise.all([speakerA.closed, speakerC.closed]);
    expect(await subscriber.closed).toBe(1000);
    const heardOnB = new Set(
      subscriber
        .all((f) => f.type === 'message_response')
        .flatMap((f) => f.messages.map((m: Frame) => m.from.name)),
    );
    expect(heardOnB).toEqual(new Set(['Sarah Miller', 'David Brown']));
    const conversationId = startedA.message.data.conversationId as string;
    const members = await call(c!.url, 'GET', `/v1/conversations/${conversationId}/members`, { token });
    expect(members.body.members.map((m: Frame) => m.name).sort()).toEqual(['David Brown', 'Sarah Miller']);
  }, 180_000);

  it('follow a call held by node A from node B, and push its speaker and stop it through node C', async () => {
    const [a, b, c] = running();
    const fixture = await phoneCallFixture(2);
    const pcap = join(data.dir, 'call.pcap');
    writeRtpPcap(pcap, fixture.pcm8k, { law: 'mulaw', speed: 2 });
    peer = await runSipp(answerAndPlayScenario(pcap));
    const started = await call(a!.url, 'POST', '/v1/endpoint:connect', {
      token,
      json: { operation: 'start', endpoint: { type: 'sip', uri: peer.uri } },
    });
    expect(started.status).toBe(201);
    const { connectionId } = started.body as { connectionId: string };
    const frames: Frame[] = [];
    const subscriber = new WebSocket(`${b!.url.replace('http', 'ws')}/v1/subscribe/${connectionId}`, {
      headers: { 'x-api-key': token },
    });
    subscriber.on('message', (data) => frames.push(JSON.parse(data.toString())));
    const subscriberClosed = new Promise<number>((resolve) =>
      subscriber.on('close', (code) => resolve(code)),
    );
    await new Promise((resolve, reject) => {
      subscriber.once('open', resolve);
      subscriber.once('error', reject);
    });
    const event = await call(c!.url, 'POST', `/v1/event/${connectionId}`, {
      token,
      json: {
        topic: 'speaker',
        type: 'started_speaking',
        user: { userId: 'emily@example.com', name: 'Emily' },
      },
    });
    expect(event.status).toBe(200);
    // Recognition reaches B live; the last final comes with the stop (the line has no pause after it).
    await waitFor(() => frames.some(system('recognition_result')), 'a result on node B', 90_000);

    const stop = await call(c!.url, 'POST', '/v1/endpoint:connect', {
      token,
      json: { operation: 'stop', connectionId },
    });
    expect(stop.status).toBe(201);
    expect(stop.body.conversationId).toBe(started.body.conversationId);
    expect(stop.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['speaker_event', 'hung_up', 'speakers_attributed']),
    );
    expect(await subscriberClosed).toBe(1000);
    expect(frames.some((f) => f.type === 'message_response')).toBe(true);
    expect(await peer.exited).toBe(0);
    peer = undefined;
    const messages = await call(b!.url, 'GET', `/v1/conversations/${stop.body.conversationId}/messages`, {
      token,
    });
    expect(messages.body.messages.length).toBeGreaterThan(0);
    expect(new Set(messages.body.messages.map((m: Frame) => m.from.name))).toEqual(new Set(['Emily']));
    // Asked again through another node, the stop answers the same.
    const again = await call(b!.url, 'POST', '/v1/endpoint:connect', {
      token,
      json: { operation: 'stop', connectionId },
    });
    expect(again.body.conversationId).toBe(stop.body.conversationId);
    rmSync(pcap, { force: true });
  }, 180_000);
});

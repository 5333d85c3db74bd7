import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeServerFrame, serverFrameRuleIssues } from '../../../src/model/streaming.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { call, startTestServer, type TestServer } from '../support/testServer.ts';
import {
  type Frame,
  kind,
  LiveTestClient,
  meetingClip,
  speakerChannel,
  system,
  words,
} from './liveTestClient.ts';

let server: TestServer;
let ws: string;
let clip: Awaited<ReturnType<typeof meetingClip>>;

beforeAll(async () => {
  server = await startTestServer();
  ws = server.url.replace('http', 'ws');
  clip = await meetingClip(3);
});
afterAll(async () => {
  await server?.stop();
});

const start = (extra: Record<string, unknown> = {}) => ({
  type: 'start_request',
  insightTypes: ['question', 'action_item'],
  config: { confidenceThreshold: 0.3, speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
  speaker: { userId: 'sarah.miller@example.com', name: 'Sarah Miller' },
  ...extra,
});

let ids = 0;
const connectionId = (): string => `test-${process.pid}-${++ids}`;

/** Every frame must decode with the shared model and keep the server-only rules. */
function expectWireValid(frames: Frame[]): void {
  for (const frame of frames) {
    if (frame.text === '__PONG__') continue;
    const decoded = decodeServerFrame(JSON.stringify(frame));
    expect(serverFrameRuleIssues(decoded), kind(frame)).toEqual([]);
  }
}

describe('a streaming session over a real socket', () => {
  it('answers the handshake, streams partials and finals, flushes on stop and persists the conversation', async () => {
    const id = connectionId();
    const client = await LiveTestClient.open(
      `${ws}/v1/streaming/${id}?access_token=${server.token}&source=js_sdk`,
    );
    const subscriber = await LiveTestClient.open(`${ws}/v1/subscribe/${id}`, {
      headers: { 'x-api-key': server.token },
    });
    client.send(start());
    await client.next(system('recognition_started'));
    expect(client.frames.slice(0, 3).map(kind)).toEqual([
      'message/started_listening',
      'message/conversation_created',
      'message/recognition_started',
    ]);
    const conversationId = client.frames[1].message.data.conversationId as string;
    expect(client.frames[2].message.data.conversationId).toBe(conversationId);

    client.sendPcm(clip.pcm);
    client.send({ type: 'stop_request' });
    const code = await client.closed;
    expect(code).toBe(1000);

    // The completion before recognition_stopped: Symbl's JavaScript SDK stops reading at the first.
    const kinds = client.frames.map(kind);
    const stopped = kinds.indexOf('message/recognition_stopped');
    expect(kinds.slice(-2)).toEqual(['message/conversation_completed', 'message/recognition_stopped']);
    const completed = client.frames.at(-2).message;
    expect(completed.conversationId).toBe(conversationId);
    expect(completed.data.conversationId).toBe(conversationId);

    const partials = client.all((f) => system('recognition_result')(f) && f.message.isFinal === false);
    const finals = client.all((f) => system('recognition_result')(f) && f.message.isFinal === true);
    expect(partials.length).toBeGreaterThan(0);
    expect(finals.length).toBeGreaterThan(0);
    expect(finals[0].message.payload.raw.alternatives[0].words.length).toBeGreaterThan(0);
    expect(finals[0].message.user).toMatchObject({
      userId: 'sarah.miller@example.com',
      name: 'Sarah Miller',
    });

    const messages = client.all((f) => f.type === 'message_response').flatMap((f) => f.messages);
    const heard = words(messages.map((m: Frame) => m.payload.content).join(' '));
    const spoken = new Set(words(clip.texts.join(' ')));
    const hits = heard.filter((w) => spoken.has(w)).length;
    expect(hits / heard.length).toBeGreaterThan(0.6);
    expect(heard).toEqual(expect.arrayContaining(['joining', 'david', 'mobile', 'beta']));
    // Every final is followed by its message_response, and all results come before recognition_stopped.
    const lastResult = kinds.findLastIndex((k) => k.endsWith('_response'));
    expect(lastResult).toBeLessThan(stopped);
    expect(
      client.all((f) => f.type === 'insight_response').flatMap((f) => f.insights.map((i: Frame) => i.type)),
    ).toContain('question');
    expect(client.all((f) => f.type === 'topic_response').length).toBeGreaterThan(0);
    expectWireValid(client.frames);

    // The subscriber saw the same finals.
    await subscriber.closed;
    const subscribed = subscriber
      .all((f) => f.type === 'message_response')
      .flatMap((f) => f.messages.map((m: Frame) => m.id));
    expect(subscribed).toEqual(messages.map((m: Frame) => m.id));
    expect(subscriber.all(system('recognition_result')).length).toBeGreaterThan(0);

    // The Conversation API serves it under the same id.
    const conversation = await call(server.url, 'GET', `/v1/conversations/${conversationId}`, {
      token: server.token,
    });
    expect(conversation.status).toBe(200);
    // The start_request named no zone: the server's default.
    expect(conversation.body.timeZone).toBe('UTC');
    expect(conversation.body.members).toEqual([
      expect.objectContaining({ name: 'Sarah Miller', email: 'sarah.miller@example.com' }),
    ]);
    const stored = await call(server.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: server.token,
    });
    expect(stored.body.messages.map((m: Frame) => m.id)).toEqual(messages.map((m: Frame) => m.id));
    expect(stored.body.messages.map((m: Frame) => m.text)).toEqual(
      messages.map((m: Frame) => m.payload.content),
    );
    const questions = await call(server.url, 'GET', `/v1/conversations/${conversationId}/questions`, {
      token: server.token,
    });
    expect(questions.body.questions.length).toBeGreaterThan(0);
  });

  it('serves the legacy path identically, with the token as an echoed subprotocol and managed trackers', async () => {
    const now = new Date().toISOString();
    await server.server.store.putTracker({
      id: '7000000000000001',
      appId: server.appId,
      name: 'Welcome',
      vocabulary: ['thanks for joining'],
      createdAt: now,
      updatedAt: now,
    });
    const client = await LiveTestClient.open(`${ws}/v1/realtime/insights/${connectionId()}`, {
      protocols: [server.token],
    });
    expect(client.ws.protocol).toBe(server.token);
    client.send(start({ insightTypes: [], trackers: [{ id: '7000000000000001' }, { id: 'missing' }] }));
    await client.next(system('recognition_started'));
    client.sendPcm(clip.pcm.subarray(0, 16000 * 4));
    client.send("{'type': 'stop_request'}");
    expect(await client.closed).toBe(1000);
    expect(client.all((f) => f.type === 'message_response').length).toBeGreaterThan(0);
    expect(client.all((f) => f.type === 'insight_response')).toEqual([]);
    expect(client.all(system('error')).map((f) => f.message.message)).toEqual(['No tracker with id missing']);
    const trackers = client.all((f) => f.type === 'tracker_response').flatMap((f) => f.trackers);
    expect(trackers).toEqual([expect.objectContaining({ id: '7000000000000001', name: 'Welcome' })]);
  });

  it('refuses bad tokens, bad connection ids and unknown subscriptions at upgrade', async () => {
    await expect(LiveTestClient.open(`${ws}/v1/streaming/${connectionId()}`)).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      LiveTestClient.open(`${ws}/v1/streaming/${connectionId()}?access_token=not-a-token`),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      LiveTestClient.open(`${ws}/v1/streaming/bad%20id?access_token=${server.token}`),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      LiveTestClient.open(`${ws}/v1/subscribe/nobody-here?access_token=${server.token}`),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      LiveTestClient.open(`${ws}/v1/elsewhere?access_token=${server.token}`),
    ).rejects.toMatchObject({
      status: 404,
    });
    const bearer = await LiveTestClient.open(`${ws}/v1/streaming/${connectionId()}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    bearer.ws.close();
  });

  it('answers bad frames with an error and stays open; keep-alive gets __PONG__', async () => {
    const client = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    client.ws.send(Buffer.alloc(4000)); // audio before start_request: discarded
    client.send('__PING__');
    await client.next((f) => f.text === '__PONG__');
    client.send('not json at all');
    client.send({ type: 'dance_request' });
    client.send({ type: 'stop_request' });
    client.send({ type: 'modify_request', speechRecognition: {} });
    await client.next(() => client.all(system('error')).length >= 4);
    expect(client.all(system('error')).length).toBeGreaterThanOrEqual(4);
    for (const error of client.all(system('error'))) expect(typeof error.message.message).toBe('string');
    client.send(start());
    await client.next(system('recognition_started'));
    client.send(start());
    await client.next((f) => system('error')(f) && /Already/.test(f.message.message));
    client.send({ type: 'modify_request', speechRecognition: { sampleRateHertz: 8000 } });
    const modified = await client.next(system('session_modified'));
    expect(modified.message.data).toMatchObject({ sampleRateHertz: 8000, encoding: 'LINEAR16' });
    client.send({ type: 'stop_recognition' });
    expect(await client.closed).toBe(1000);
    expectWireValid(client.frames);
  });

  it('closes with 1008 after an error for an unusable start_request', async () => {
    const opus = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    opus.send(start({ config: { speechRecognition: { encoding: 'opus', sampleRateHertz: 48000 } } }));
    expect(await opus.closed).toBe(1008);
    expect(opus.frames.map(kind)).toEqual(['message/error']);
    const bad = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    bad.send({ type: 'start_request', config: { speechRecognition: { sampleRateHertz: 'fast' } } });
    expect(await bad.closed).toBe(1008);
    expect(bad.frames[0].message.details).toMatch(/sampleRateHertz/);
    const zone = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    zone.send(start({ config: { timezone: 'Mars/Olympus' } }));
    expect(await zone.closed).toBe(1008);
    expect(zone.frames.map(kind)).toEqual(['message/error']);
    expect(JSON.stringify(zone.frames[0].message)).toMatch(/config\.timezone/);
  });

  it("keeps the start_request's zone as the conversation's", async () => {
    const client = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    client.send(start({ config: { timezone: 'US/Pacific' } }));
    await client.next(system('conversation_created'));
    const conversationId = client.frames[1].message.data.conversationId as string;
    client.sendPcm(clip.pcm.subarray(0, 16000 * 2));
    client.send({ type: 'stop_request' });
    expect(await client.closed).toBe(1000);
    const conversation = await call(server.url, 'GET', `/v1/conversations/${conversationId}`, {
      token: server.token,
    });
    expect(conversation.body.timeZone).toBe('America/Los_Angeles');
  });

  it('pauses on stop_request with disconnectOnStopRequest false and resumes the same conversation', async () => {
    const client = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId()}?access_token=${server.token}`,
    );
    client.send(start({ disconnectOnStopRequest: false, disconnectOnStopRequestTimeout: 60 }));
    const started = await client.next(system('recognition_started'));
    const conversationId = started.message.data.conversationId;
    client.sendPcm(clip.pcm.subarray(0, 16000 * 4));
    client.send({ type: 'stop_request' });
    await client.next(system('recognition_stopped'));
    const firstPart = client.all((f) => f.type === 'message_response').length;
    expect(firstPart).toBeGreaterThan(0);
    expect(client.closeCode).toBeUndefined();
    const mark = client.frames.length;
    client.sendPcm(clip.pcm.subarray(0, 16000)); // while paused: discarded
    client.send(start());
    const resumed = await client.next(system('recognition_started'), 30_000, mark);
    expect(resumed.message.data.conversationId).toBe(conversationId);
    expect(client.frames.slice(mark).map(kind)).not.toContain('message/conversation_created');
    client.sendPcm(clip.pcm.subarray(16000 * 4));
    client.send({ type: 'stop_request' });
    await client.next(system('recognition_stopped'), 30_000, mark);
    expect(client.closeCode).toBeUndefined();
    client.ws.close(1000);
    await client.closed;
    const stored = await call(server.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: server.token,
    });
    expect(stored.body.messages.length).toBe(
      client.all((f) => f.type === 'message_response').flatMap((f) => f.messages).length,
    );
    expect(stored.body.messages.length).toBeGreaterThan(firstPart);
  });

  it('feeds one conversation from two connections, each receiving both speakers', async () => {
    const id = connectionId();
    const [sarah, david] = await Promise.all([
      speakerChannel('sample-meeting', 0, 2),
      speakerChannel('sample-meeting', 1, 2),
    ]);
    const a = await LiveTestClient.open(`${ws}/v1/streaming/${id}?access_token=${server.token}`);
    a.send(start());
    const startedA = await a.next(system('recognition_started'));
    const b = await LiveTestClient.open(`${ws}/v1/streaming/${id}?access_token=${server.token}`);
    b.send(start({ speaker: { userId: 'david.brown@example.com', name: 'David Brown' } }));
    const startedB = await b.next(system('recognition_started'));
    expect(startedB.message.data.conversationId).toBe(startedA.message.data.conversationId);
    expect(b.frames.map(kind)).not.toContain('message/conversation_created');
    a.sendPcm(sarah.pcm);
    b.sendPcm(david.pcm);
    a.send({ type: 'stop_request' });
    await a.closed;
    b.send({ type: 'stop_request' });
    await b.closed;
    const speakersSeenBy = (client: LiveTestClient) =>
      new Set(
        client
          .all((f) => f.type === 'message_response')
          .flatMap((f) => f.messages.map((m: Frame) => m.from.name)),
      );
    expect(speakersSeenBy(b)).toEqual(new Set(['Sarah Miller', 'David Brown']));
    const conversationId = startedA.message.data.conversationId;
    const members = await call(server.url, 'GET', `/v1/conversations/${conversationId}/members`, {
      token: server.token,
    });
    expect(members.body.members.map((m: Frame) => m.name).sort()).toEqual(['David Brown', 'Sarah Miller']);
  });

  it('keeps the conversation for noConnectionTimeout so a plain reconnect continues it', async () => {
    const id = connectionId();
    const first = await LiveTestClient.open(`${ws}/v1/streaming/${id}?access_token=${server.token}`);
    first.send(start({ noConnectionTimeout: 30 }));
    const started = await first.next(system('recognition_started'));
    first.sendPcm(clip.pcm.subarray(0, 16000 * 4));
    await first.next(system('recognition_result'));
    first.ws.close(1001); // gone without stop_request (a tab closing)
    await first.closed;
    const again = await LiveTestClient.open(`${ws}/v1/streaming/${id}?access_token=${server.token}`);
    again.send(start());
    const restarted = await again.next(system('recognition_started'));
    expect(restarted.message.data.conversationId).toBe(started.message.data.conversationId);
    expect(again.frames.map(kind)).not.toContain('message/conversation_created');
    again.send({ type: 'stop_request' });
    expect(await again.closed).toBe(1000);
    // What the dropped socket had sent is recognised into the same conversation: the server has
    // until noConnectionTimeout (30 s) after the drop to hand it over, and its flush may finish
    // after the second socket's stop, so poll for as long (StreamingSocket.test.ts pins the
    // hand-over itself with a recogniser that is slow to start).
    const path = `/v1/conversations/${restarted.message.data.conversationId}/messages`;
    let stored = await call(server.url, 'GET', path, { token: server.token });
    for (let i = 0; i < 300 && stored.body.messages.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stored = await call(server.url, 'GET', path, { token: server.token });
    }
    expect(stored.body.messages.length).toBeGreaterThan(0);
  });

  it('resumes a dropped stream by resume key without losing or repeating a final', async () => {
    const id = connectionId();
    const key = `k${ids}`;
    const audio = Buffer.from(clip.pcm.buffer, clip.pcm.byteOffset, clip.pcm.byteLength);
    const first = await LiveTestClient.open(
      `${ws}/v1/streaming/${id}?access_token=${server.token}&resumeKey=${key}`,
    );
    first.send(start());
    const started = await first.next(system('recognition_started'));
    expect(started.message.data).toMatchObject({ resumeKey: key, resumed: false, audioBytes: 0 });
    const half = Math.floor(audio.length / 2 / 8192) * 8192;
    for (let i = 0; i < half; i += 8192) first.ws.send(audio.subarray(i, i + 8192));
    await first.next(() => first.pings.some((p) => p.audioBytes === half));
    await first.next((f) => f.type === 'message_response');
    first.ws.terminate(); // dropped without stop_request
    await first.closed;
    const seen = first.all((f) => typeof f.seq === 'number');
    const lastSeq = Math.max(0, ...seen.map((f) => f.seq as number));

    const second = await LiveTestClient.open(
      `${ws}/v1/streaming/${id}?access_token=${server.token}&resumeKey=${key}&lastSeq=${lastSeq}`,
    );
    second.send(start());
    const resumed = await second.next(system('recognition_started'));
    expect(resumed.message.data).toMatchObject({ resumeKey: key, resumed: true, audioBytes: half });
    expect(second.frames.map(kind)).not.toContain('message/conversation_created');
    for (let i = resumed.message.data.audioBytes; i < audio.length; i += 8192)
      second.ws.send(audio.subarray(i, i + 8192));
    second.send({ type: 'stop_request' });
    expect(await second.closed).toBe(1000);

    const received = [...first.frames, ...second.frames].filter((f) => f.type === 'message_response');
    const seqs = received.map((f) => f.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    const messageIds = received.flatMap((f) => f.messages.map((m: Frame) => m.id));
    expect(new Set(messageIds).size).toBe(messageIds.length);
    const stored = await call(
      server.url,
      'GET',
      `/v1/conversations/${started.message.data.conversationId}/messages`,
      {
        token: server.token,
      },
    );
    expect(stored.body.messages.map((m: Frame) => m.id)).toEqual(messageIds);
  });
  it('hands a resumable stream to a second socket with its key, closing the first with 4001', async () => {
    const id = connectionId();
    const key = `t${ids}`;
    const url = `${ws}/v1/streaming/${id}?access_token=${server.token}&resumeKey=${key}`;
    const first = await LiveTestClient.open(url);
    first.send(start());
    await first.next(system('recognition_started'));
    first.sendPcm(clip.pcm.subarray(0, 16000 * 2));
    await first.next(() => first.pings.some((p) => p.audioBytes === 64000));
    const second = await LiveTestClient.open(`${url}&lastSeq=0`);
    second.send(start());
    const resumed = await second.next(system('recognition_started'));
    expect(resumed.message.data).toMatchObject({ resumeKey: key, resumed: true, audioBytes: 64000 });
    expect(await first.closed).toBe(4001);
    second.send({ type: 'stop_request' });
    expect(await second.closed).toBe(1000);
    expect(second.frames.map(kind).at(-2)).toBe('message/conversation_completed');
  });
});

describe('server shutdown with live sessions', () => {
  it('finishes every live socket (flush, completed, 1001) and persists before the store closes', async () => {
    const own = await startTestServer();
    const url = own.url.replace('http', 'ws');
    const client = await LiveTestClient.open(`${url}/v1/streaming/closing-test?access_token=${own.token}`);
    client.send(start());
    const started = await client.next(system('recognition_started'));
    client.sendPcm(clip.pcm.subarray(0, 16000 * 4));
    await client.next(system('recognition_result'));
    const closing = own.server.close();
    expect(await client.closed).toBe(1001);
    await closing;
    const kinds = client.frames.map(kind);
    expect(kinds.slice(-2)).toEqual(['message/conversation_completed', 'message/recognition_stopped']);
    expect(kinds).toContain('message_response');
    // Reopen the data dir: the conversation was persisted under its id before the store closed.
    const store = SqliteStore.open(own.dataDir);
    try {
      const messages = await store.listMessages(started.message.data.conversationId);
      expect(messages.length).toBeGreaterThan(0);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});

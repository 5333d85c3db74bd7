/*
 * Live sessions have bounds: sockets and recognising sessions per app are capped (429 at the
 * upgrade, close 1013 at the start), a socket that never starts and a session that gets no audio or
 * runs too long are closed, a client sending faster than recognition is held back and told, and a
 * session all of whose clients are gone stops recognising after a short grace. Every WebSocket
 * path refuses frames over 1 MiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kind, LiveTestClient, meetingClip, system, words } from '../streaming/liveTestClient.ts';
import { call, startTestServer, type TestServer } from '../support/testServer.ts';

let server: TestServer;
let ws: string;

beforeAll(async () => {
  server = await startTestServer({
    live: {
      socketsPerApp: 3,
      streamsPerApp: 1,
      noStartRequestSeconds: 1,
      noAudioSeconds: 2,
      abandonedGraceSeconds: 1,
    },
  });
  ws = server.url.replace('http', 'ws');
});
afterAll(() => server.stop());

const start = {
  type: 'start_request',
  config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
  speaker: { userId: 'ana@example.com', name: 'Ana' },
};
let ids = 0;
const open = (path = 'streaming') =>
  LiveTestClient.open(`${ws}/v1/${path}/bounds-${process.pid}-${++ids}?access_token=${server.token}`);

describe('caps', () => {
  it('refuses a socket past the app’s cap with 429 and Retry-After, and takes one again once a socket closes', async () => {
    const sockets = [await open(), await open(), await open()];
    const refused = await open().catch((error: { status: number }) => error);
    expect(refused).toMatchObject({ status: 429 });
    const raw = await new Promise<{ status: number; retryAfter: string | undefined }>((resolve) => {
      const socket = new WebSocket(`${ws}/v1/streaming/x?access_token=${server.token}`);
      socket.on('unexpected-response', (_req, res) =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }),
      );
      socket.on('error', () => undefined);
    });
    expect(raw).toEqual({ status: 429, retryAfter: '5' });
    sockets[0]!.ws.close();
    await sockets[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await open();
    for (const socket of [...sockets.slice(1), again]) socket.ws.close();
    await Promise.all([...sockets.slice(1), again].map((s) => s.closed));
  });

  it('refuses a second recognising session of the app with an error and close 1013, the first untouched', async () => {
    const first = await open();
    first.send(start);
    await first.next(system('recognition_started'));
    const second = await open();
    second.send(start);
    expect(await second.closed).toBe(1013);
    expect(second.frames.map(kind)).toContain('message/error');
    expect(JSON.stringify(second.frames)).toMatch(/live sessions open, its maximum/);
    first.send({ type: 'stop_request' });
    expect(await first.closed).toBe(1000);
  });
});

describe('time limits', () => {
  it('closes a socket that sends no start_request in time (1008, with an error saying so)', async () => {
    const idle = await open();
    expect(await idle.closed).toBe(1008);
    expect(idle.frames.map(kind)).toEqual(['message/error']);
    expect(JSON.stringify(idle.frames[0])).toMatch(/start_request within 1 s/);
  });

  // conversation_completed comes before recognition_stopped: Symbl's JS SDK stops reading at the
  // latter and resolves its stop() only on the former.
  it('ends a session that gets no audio: error, conversation_completed, recognition_stopped, 1008', async () => {
    const quiet = await open();
    quiet.send(start);
    await quiet.next(system('recognition_started'));
    expect(await quiet.closed).toBe(1008);
    expect(quiet.frames.map(kind).slice(-3)).toEqual([
      'message/error',
      'message/conversation_completed',
      'message/recognition_stopped',
    ]);
    expect(JSON.stringify(quiet.frames.at(-3))).toMatch(/no audio arrived for 2 s/);
  });

  it('ends a session at its maximum length', async () => {
    const short = await startTestServer({ live: { maxSeconds: 2 } });
    try {
      const client = await LiveTestClient.open(
        `${short.url.replace('http', 'ws')}/v1/streaming/long-${process.pid}?access_token=${short.token}`,
      );
      client.send(start);
      await client.next(system('recognition_started'));
      const ticker = setInterval(() => client.ws.send(Buffer.alloc(3200)), 100);
      try {
        expect(await client.closed).toBe(1008);
      } finally {
        clearInterval(ticker);
      }
      expect(JSON.stringify(client.frames)).toMatch(/maximum length of 2 s/);
      expect(client.frames.map(kind).slice(-2)).toEqual([
        'message/conversation_completed',
        'message/recognition_stopped',
      ]);
    } finally {
      await short.stop();
    }
  });
});

describe('backlog', () => {
  it('holds back a client far ahead of recognition, tells it once, and drops what is left when it leaves', async () => {
    const clip = await meetingClip(12);
    const seconds = clip.pcm.length / 16000;
    expect(seconds).toBeGreaterThan(40);
    const client = await open();
    client.send(start);
    const started = await client.next(system('recognition_started'));
    client.sendPcm(clip.pcm);
    await client.next((f) => JSON.stringify(f).includes('faster than it is recognised'));
    expect(client.all((f) => JSON.stringify(f).includes('faster than it is recognised'))).toHaveLength(1);
    // Held back, not failed: the session is still open.
    expect(client.closeCode).toBeUndefined();
    // Gone without a stop, nobody subscribed: what it still holds is recognised for a second at most.
    client.ws.terminate();
    await client.closed;
    // The app's one recognising session is free again soon (the whole backlog would take far
    // longer to recognise): a start is refused (1013) only until the abandoned session let go.
    const deadline = Date.now() + 20_000;
    let restarted = false;
    while (!restarted && Date.now() < deadline) {
      const next = await open();
      next.send(start);
      await next.next((f) => system('recognition_started')(f) || system('error')(f));
      restarted = next.all(system('recognition_started')).length > 0;
      if (restarted) next.send({ type: 'stop_request' });
      await next.closed;
      if (!restarted) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(restarted).toBe(true);
    const stored = await call(
      server.url,
      'GET',
      `/v1/conversations/${started.message.data.conversationId}/messages`,
      { token: server.token },
    );
    const heard = words(stored.body.messages.map((m: { text: string }) => m.text).join(' ')).join(' ');
    const lastTurn = words(clip.texts.at(-1)!).join(' ');
    expect(heard).not.toContain(lastTurn);
  });
});

describe('frame size', () => {
  it('closes any WebSocket path with 1009 for a frame over 1 MiB', async () => {
    for (const path of ['streaming', 'subscribe']) {
      const client =
        path === 'subscribe'
          ? await (async () => {
              const id = `sub-${process.pid}-${++ids}`;
              const owner = await LiveTestClient.open(
                `${ws}/v1/streaming/${id}?access_token=${server.token}`,
              );
              const sub = await LiveTestClient.open(`${ws}/v1/subscribe/${id}?access_token=${server.token}`);
              return Object.assign(sub, { owner });
            })()
          : await open();
      client.ws.send(Buffer.alloc(1024 * 1024 + 1));
      expect(await client.closed, path).toBe(1009);
      if ('owner' in client) (client.owner as LiveTestClient).ws.close();
    }
  });
});

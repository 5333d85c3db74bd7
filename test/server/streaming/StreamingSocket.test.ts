/*
 * What a streaming socket does with the audio it accepted when its client drops without a
 * stop_request. The recogniser is pocketsphinx behind a gate that holds back the start of a
 * recognition stream, so frames sent right after the start_request are still queued unhandled
 * when the socket closes, however fast or loaded the machine is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { PocketsphinxRecognizer } from '../../../src/engine/asr/PocketsphinxRecognizer.ts';
import type { RecognitionEvent } from '../../../src/engine/asr/RecognitionEvent.ts';
import type { RecognitionSession, Recognizer } from '../../../src/engine/asr/Recognizer.ts';
import type { RecognizerOptions } from '../../../src/engine/asr/RecognizerOptions.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import type { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { LiveConversationRegistry } from '../../../src/server/streaming/LiveConversationRegistry.ts';
import { StreamingEndpoints } from '../../../src/server/streaming/StreamingEndpoints.ts';
import { WebSocketGateway, type WebSocketRoute } from '../../../src/server/streaming/WebSocketGateway.ts';
import { storeWithApp } from '../support/storeWithApp.ts';
import { tempDataDir } from '../support/testServer.ts';
import { LiveTestClient, meetingClip, system } from './liveTestClient.ts';

/** Pocketsphinx whose streams open only while the gate is open; counts the samples written to them. */
class GatedRecognizer implements Recognizer {
  readonly name = 'gated pocketsphinx';
  readonly #inner = new PocketsphinxRecognizer();
  #gate: Promise<void> = Promise.resolve();
  #openGate: () => void = () => undefined;
  /** Samples written to every stream so far. */
  written = 0;

  holdStarts(): void {
    this.#gate = new Promise((resolve) => {
      this.#openGate = resolve;
    });
  }

  releaseStarts(): void {
    this.#openGate();
  }

  recognize(pcm$: Observable<Int16Array>, options?: RecognizerOptions): Observable<RecognitionEvent> {
    return this.#inner.recognize(pcm$, options);
  }

  async open(options?: RecognizerOptions): Promise<RecognitionSession> {
    await this.#gate;
    const session = await this.#inner.open(options);
    return {
      events$: session.events$,
      write: (pcm) => {
        this.written += pcm.length;
        return session.write(pcm);
      },
      end: () => session.end(),
      abort: () => session.abort(),
    };
  }
}

const data = tempDataDir();
const recognizer = new GatedRecognizer();
let store: SqliteStore;
let registry: LiveConversationRegistry;
let endpoints: StreamingEndpoints;
let gateway: WebSocketGateway;
let http: Server;
let base: string;
let token: string;
let clip: Awaited<ReturnType<typeof meetingClip>>;
/** The server side of every streaming socket, by the order they opened: resolves when it closed. */
const serverClosed: Promise<void>[] = [];

/** The streaming routes, noting when the server side of each socket has closed. */
function watched(route: WebSocketRoute): WebSocketRoute {
  return {
    ...route,
    accept: async (upgrade) => {
      const accepted = await route.accept(upgrade);
      if (typeof accepted !== 'function') return accepted;
      return (ws: WebSocket) => {
        serverClosed.push(new Promise((resolve) => ws.on('close', () => resolve())));
        accepted(ws);
      };
    },
  };
}

beforeAll(async () => {
  const app = await storeWithApp(data.dir);
  store = app.store;
  token = app.token;
  const tokens = app.tokens;
  registry = new LiveConversationRegistry({
    store,
    logger: silentLogger,
    recognizer,
    limits: { abandonedGraceSeconds: 1 },
  });
  endpoints = new StreamingEndpoints({ live: registry });
  gateway = new WebSocketGateway({ tokens, logger: silentLogger }).add(
    ...endpoints.webSocketRoutes().map(watched),
  );
  http = createServer((_req, res) => res.end());
  http.on('upgrade', gateway.handleUpgrade);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  clip = await meetingClip(3);
});
afterAll(async () => {
  recognizer.releaseStarts();
  await gateway?.close();
  await endpoints?.close();
  await registry?.close(0);
  await new Promise((resolve) => http?.close(resolve));
  await store?.close();
  data.remove();
});

const start = (extra: Record<string, unknown> = {}) => ({
  type: 'start_request',
  config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
  speaker: { userId: 'ana@example.com', name: 'Ana' },
  ...extra,
});

let ids = 0;
const open = (id: string) => LiveTestClient.open(`${base}/v1/streaming/${id}?access_token=${token}`);

/** Polls `check` every 50 ms until it holds, for at most `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('a streaming socket that drops without stop_request', () => {
  it('hands every frame it had accepted to recognition, into the conversation a plain reconnect continues', async () => {
    const id = `drop-${process.pid}-${++ids}`;
    const audio = clip.pcm.subarray(0, 16000 * 8);
    recognizer.holdStarts();
    const before = recognizer.written;
    const first = await open(id);
    first.send(start({ noConnectionTimeout: 30 }));
    first.sendPcm(audio);
    await first.next(system('started_listening'));
    first.ws.close(1001); // a tab closing: no stop_request
    await first.closed;
    await serverClosed.at(-1);
    // Only now does the stream start: every audio frame is still queued behind its start_request.
    recognizer.releaseStarts();

    const again = await open(id);
    again.send(start());
    const restarted = await again.next(system('recognition_started'));
    const conversationId = restarted.message.data.conversationId as string;
    expect(again.all(system('conversation_created'))).toHaveLength(0);
    again.send({ type: 'stop_request' });
    expect(await again.closed).toBe(1000);
    expect(await eventually(() => recognizer.written - before === audio.length)).toBe(true);
    expect(recognizer.written - before).toBe(audio.length);
    // The dropped socket's speech is in the conversation the second socket continued.
    const messages = async () => (await store.listMessages(conversationId)).length > 0;
    expect(await eventually(messages)).toBe(true);
  });

  it('discards what it had not handed over once nobody came back in time, and lets the stream go', async () => {
    const id = `abandon-${process.pid}-${++ids}`;
    recognizer.holdStarts();
    const before = recognizer.written;
    const client = await open(id);
    client.send(start()); // noConnectionTimeout 0: the deadline is abandonedGraceSeconds (1 s)
    client.sendPcm(clip.pcm.subarray(0, 16000 * 4));
    await client.next(system('started_listening'));
    client.ws.terminate();
    await client.closed;
    await serverClosed.at(-1);
    // The stream starts only after the hand-over deadline has passed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    recognizer.releaseStarts();
    expect(await eventually(() => endpoints.connectionCount === 0)).toBe(true);
    expect(recognizer.written - before).toBe(0);
  });
});

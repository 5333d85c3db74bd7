// Over 300 lines on purpose: every case drives the whole operator against one scripted `ws` server
// (test/streaming/scriptedServer.ts) with the same audio and frame helpers; the timers alone have
// marble tests next to their parts (test/streaming/connectionClock.test.ts, reconnectAfterDrop.test.ts).
import { lastValueFrom, Observable, of, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { streamingSession } from '../../operators/streamingSession.ts';
import { type AudioChunk, chunkFromInt16 } from '../../sources/AudioChunk.ts';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { BufferOverflowError } from '../../src/errors/BufferOverflowError.ts';
import { ConnectionError } from '../../src/errors/ConnectionError.ts';
import { TimeoutError } from '../../src/errors/TimeoutError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { WebSocketClosedError } from '../../src/errors/WebSocketClosedError.ts';
import { toWireTime } from '../../src/model/streamingWireTime.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { type ScriptedServer, scriptedServer } from '../streaming/scriptedServer.ts';

/** `ms` of 16 kHz mono s16le audio whose samples all equal `value` (to recognise replayed audio). */
function tone(value: number, ms = 100, sampleRate = 16000): AudioChunk {
  return chunkFromInt16(new Int16Array((sampleRate * ms) / 1000).fill(value), { sampleRate, channels: 1 });
}

function messageResponse(id: string, content: string) {
  return {
    type: 'message_response',
    messages: [{ id, from: { name: 'Ben' }, payload: { content, contentType: 'text/plain' } }],
  };
}

function finalResult(text: string, endSeconds: number) {
  return {
    type: 'message',
    message: {
      type: 'recognition_result',
      isFinal: true,
      payload: {
        raw: {
          alternatives: [
            {
              transcript: text,
              words: [{ word: text, startTime: toWireTime(0), endTime: toWireTime(endSeconds) }],
            },
          ],
        },
      },
      punctuated: { transcript: text },
    },
  };
}

const collect = (events$: Observable<StreamingEvent>) => lastValueFrom(events$.pipe(toArray()));
const kinds = (events: StreamingEvent[]) =>
  events.map((e) => (e.type === 'message' ? e.message.type : e.type));

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('streamingSession', () => {
  it('sends start_request, all audio in <= 8192-byte frames, then stop_request, and emits until conversation_completed', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake('c1');
      await s.json('stop_request');
      // Results of the flush arrive after stop, before and after recognition_stopped is due.
      s.send(finalResult('hello there', 1));
      s.send(messageResponse('m1', 'Hello there.'));
      s.send({ type: 'topic_response', topics: [{ id: 't1', phrases: 'greeting' }] });
      s.complete('c1');
    });
    const events = await collect(
      of(tone(1, 300), tone(2, 300)).pipe(
        streamingSession({
          baseUrl: server.baseUrl,
          token: 'tok',
          connectionId: 'conn-1',
          insightTypes: ['action_item', 'question'],
          speaker: { userId: 'ben@example.com', name: 'Ben' },
          trackers: [{ name: 'Pricing', vocabulary: ['price'] }],
          customVocabulary: ['Parley'],
          config: { confidenceThreshold: 0.7, meetingTitle: 'Renewal' },
        }),
      ),
    );
    expect(kinds(events)).toEqual([
      'started_listening',
      'conversation_created',
      'recognition_started',
      'recognition_result',
      'message_response',
      'topic_response',
      'recognition_stopped',
      'conversation_completed',
    ]);
    const socket = server.sockets[0];
    expect(socket?.url).toBe('/v1/streaming/conn-1?access_token=tok');
    const start = JSON.parse(socket?.texts[0] as string);
    expect(start).toEqual({
      type: 'start_request',
      insightTypes: ['action_item', 'question'],
      speaker: { userId: 'ben@example.com', name: 'Ben' },
      trackers: [{ name: 'Pricing', vocabulary: ['price'] }],
      customVocabulary: ['Parley'],
      config: {
        confidenceThreshold: 0.7,
        meetingTitle: 'Renewal',
        speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 },
      },
    });
    expect(socket?.audioBytes()).toBe(2 * 9600);
    expect(Math.max(...(socket?.frameSizes ?? []))).toBeLessThanOrEqual(8192);
    const bytes = Buffer.concat(socket?.audio ?? []);
    expect(bytes.readInt16LE(0)).toBe(1);
    expect(bytes.readInt16LE(bytes.length - 2)).toBe(2);
    expect(socket?.texts.at(-1)).toBe('{"type":"stop_request"}');
  });

  it('errors with ConnectionError when nothing listens', async () => {
    server = await scriptedServer(() => {});
    const baseUrl = server.baseUrl;
    await server.close();
    server = undefined;
    const error = await collect(of(tone(1)).pipe(streamingSession({ baseUrl, token: 't' }))).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).not.toContain('access_token=t&');
  });

  it('errors with AuthenticationError when the upgrade is refused with 401, and ConnectionError with its status otherwise', async () => {
    server = await scriptedServer(() => {}, { refuse: { status: 401, body: 'bad token' } });
    const auth = await collect(
      of(tone(1)).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't' })),
    ).catch((e) => e);
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect(auth.status).toBe(401);
    await server.close();
    server = await scriptedServer(() => {}, { refuse: { status: 400, body: 'bad id' } });
    const bad = await collect(
      of(tone(1)).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't' })),
    ).catch((e) => e);
    expect(bad).toBeInstanceOf(ConnectionError);
    expect(bad.status).toBe(400);
  });

  it('errors with WebSocketClosedError carrying the close code when the server closes before started', async () => {
    server = await scriptedServer(async (s) => {
      await s.json('start_request');
      s.send({ type: 'message', message: { type: 'error', message: 'Unsupported encoding' } });
      s.ws.close(1008, 'unsupported encoding');
    });
    const seen: StreamingEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      of(tone(1))
        .pipe(streamingSession({ baseUrl: server?.baseUrl as string, token: 't' }))
        .subscribe({ next: (e) => seen.push(e), error: resolve, complete: () => resolve(undefined) }),
    );
    expect(error).toBeInstanceOf(WebSocketClosedError);
    expect((error as WebSocketClosedError).closeCode).toBe(1008);
    expect((error as WebSocketClosedError).closeReason).toBe('unsupported encoding');
    expect(kinds(seen)).toEqual(['error']);
  });

  it('answers __PING__ with __PONG__, pings the server, and treats a missing __PONG__ as a dropped connection', async () => {
    server = await scriptedServer(async (s, i) => {
      await s.handshake();
      s.send('__PING__');
      await s.text((t) => t === '__PONG__');
      await s.text((t) => t === '__PING__');
      if (i === 0) return; // never answers: the client gives up on this socket
    });
    const error = await collect(
      new Subject<AudioChunk>().pipe(
        streamingSession({
          baseUrl: server.baseUrl,
          token: 't',
          keepAlive: { intervalMs: 50, timeoutMs: 100 },
          config: { speechRecognition: { sampleRateHertz: 16000 } },
        }),
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('__PONG__');
    expect(server.sockets[0]?.texts).toContain('__PONG__');
  });

  it('errors with TimeoutError when conversation_completed never follows stop_request', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      await s.json('stop_request');
      s.send(messageResponse('m1', 'Last words.'));
    });
    const seen: StreamingEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      of(tone(1))
        .pipe(streamingSession({ baseUrl: server?.baseUrl as string, token: 't', stopTimeoutMs: 200 }))
        .subscribe({ next: (e) => seen.push(e), error: resolve }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(kinds(seen).at(-1)).toBe('message_response');
  });

  it('errors with TimeoutError at the session deadline', async () => {
    server = await scriptedServer((s) => void s.handshake());
    const error = await collect(
      new Subject<AudioChunk>().pipe(
        streamingSession({ baseUrl: server.baseUrl, token: 't', deadlineMs: 150 }),
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('deadline');
  });

  it('closes the socket with 1000 and unsubscribes from the audio on unsubscribe', async () => {
    let audioTornDown = false;
    const audio$ = new Observable<AudioChunk>((sub) => {
      sub.next(tone(1));
      return () => {
        audioTornDown = true;
      };
    });
    server = await scriptedServer((s) => void s.handshake());
    const started = new Promise<void>((resolve) => {
      const subscription = audio$
        .pipe(streamingSession({ baseUrl: server?.baseUrl as string, token: 't' }))
        .subscribe((e) => {
          if (e.type === 'message' && e.message.type === 'recognition_started') {
            subscription.unsubscribe();
            resolve();
          }
        });
    });
    await started;
    while (server.sockets.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = await server.sockets[0]?.closed;
    expect(closed?.code).toBe(1000);
    expect(audioTornDown).toBe(true);
  });

  it('passes the token in a header or subprotocol and calls a provider for it', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      await s.json('stop_request');
      s.complete();
    });
    let calls = 0;
    await collect(
      of(tone(1)).pipe(
        streamingSession({
          baseUrl: server.baseUrl,
          token: async () => `tok${++calls}`,
          tokenTransport: 'header',
          path: 'realtime',
          connectionId: 'dXNlckBleGFtcGxlLmNvbQ==',
        }),
      ),
    );
    await collect(
      of(tone(1)).pipe(
        streamingSession({ baseUrl: server.baseUrl, token: 'sub', tokenTransport: 'subprotocol' }),
      ),
    );
    expect(server.sockets[0]?.headers['x-api-key']).toBe('tok1');
    expect(server.sockets[0]?.url).toBe('/v1/realtime/insights/dXNlckBleGFtcGxlLmNvbQ%3D%3D');
    expect(server.sockets[1]?.headers['sec-websocket-protocol']).toBe('sub');
  });

  it('opens a new session with its own connection id for every subscription', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      await s.json('stop_request');
      s.complete();
    });
    const session = of(tone(1)).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't' }));
    await Promise.all([collect(session), collect(session)]);
    const paths = server.sockets.map((s) => s.url.split('?')[0]);
    expect(paths).toHaveLength(2);
    expect(paths[0]).not.toBe(paths[1]);
    expect(server.sockets.every((s) => s.audioBytes() === 3200)).toBe(true);
  });

  it('declares the first chunk’s format and announces a change with modify_request', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      await s.json('stop_request');
      s.complete();
    });
    const mulaw = {
      data: Buffer.alloc(800, 0xff),
      format: { sampleRate: 8000, channels: 1, encoding: 'mulaw' as const },
    };
    await collect(
      of(mulaw, tone(3, 100, 16000)).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't' })),
    );
    const texts = server.sockets[0]?.texts.map((t) => JSON.parse(t)) ?? [];
    expect(texts[0].config.speechRecognition).toEqual({ encoding: 'MULAW', sampleRateHertz: 8000 });
    expect(texts[1]).toEqual({
      type: 'modify_request',
      speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 },
    });
    expect(server.sockets[0]?.audioBytes()).toBe(800 + 3200);
  });

  it('rejects bad options and unusable audio with ValidationError naming the field', async () => {
    expect(() => streamingSession({ baseUrl: 'localhost:1', token: 't' })).toThrow(ValidationError);
    expect(() =>
      streamingSession({ baseUrl: 'http://h', token: 't', config: { confidenceThreshold: 7 } }),
    ).toThrow(/config.confidenceThreshold/);
    server = await scriptedServer((s) => void s.handshake());
    const stereo = chunkFromInt16(new Int16Array(320), { sampleRate: 16000, channels: 2 });
    const error = await collect(
      of(stereo).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't' })),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('downmix()');
  });

  it('holds audio back while the socket is congested and errors with BufferOverflowError past the bound', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      // Stop reading: the kernel buffers fill, then ws.bufferedAmount grows.
      (s.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    });
    const audio$ = new Observable<AudioChunk>((sub) => {
      let stopped = false;
      const second = tone(7, 1000);
      const push = (): void => {
        if (stopped) return;
        sub.next(second);
        setImmediate(push);
      };
      push();
      return () => {
        stopped = true;
      };
    });
    const lag: boolean[] = [];
    const error = await collect(
      audio$.pipe(
        streamingSession({
          baseUrl: server.baseUrl,
          token: 't',
          sendBuffer: { maxQueuedMs: 20_000, lag: { next: (v) => lag.push(v) } },
        }),
      ),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect(lag[0]).toBe(true);
  });

  it('with drop-oldest keeps going through congestion, dropping old audio instead of failing', async () => {
    let allPushed = false;
    server = await scriptedServer(async (s) => {
      await s.handshake();
      const socket = (s.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      // Congested until the whole source has been pushed: old audio must have been dropped.
      while (!allPushed) await new Promise((r) => setTimeout(r, 10));
      socket.resume();
      await s.json('stop_request');
      s.complete();
    });
    const chunks = Array.from({ length: 600 }, (_, i) => tone(i % 100, 1000));
    const audio$ = new Observable<AudioChunk>((sub) => {
      let i = 0;
      const push = (): void => {
        if (i === chunks.length) {
          allPushed = true;
          sub.complete();
          return;
        }
        sub.next(chunks[i++] as AudioChunk);
        setImmediate(push);
      };
      setTimeout(push, 50);
    });
    const events = await collect(
      audio$.pipe(
        streamingSession({
          baseUrl: server.baseUrl,
          token: 't',
          sendBuffer: { maxQueuedMs: 5000, overflow: 'drop-oldest' },
        }),
      ),
    );
    expect(kinds(events).at(-1)).toBe('conversation_completed');
    const received = server.sockets[0]?.audioBytes() ?? 0;
    expect(received).toBeLessThan(600 * 32000);
    expect(received % 32000).toBe(0);
  });

  it('reconnects after a dropped socket, replays unacknowledged audio, and emits every final message once', async () => {
    server = await scriptedServer(async (s, i) => {
      await s.handshake('c9');
      if (i === 0) {
        // 5 chunks of 100 ms arrive; the first final covers 250 ms of them, then the socket drops.
        while (s.audioBytes() < 5 * 3200) await new Promise((r) => setTimeout(r, 5));
        s.send(finalResult('one', 0.25));
        s.send(messageResponse('m1', 'One.'));
        await new Promise((r) => setTimeout(r, 20));
        s.ws.terminate();
        return;
      }
      await s.json('stop_request');
      s.send(messageResponse('m1', 'One.')); // the server repeats a result the client has
      s.send(messageResponse('m2', 'Two.'));
      s.complete('c9');
    });
    const audio = new Subject<AudioChunk>();
    const attempts: number[] = [];
    const events$ = audio.pipe(
      streamingSession({
        baseUrl: server.baseUrl,
        token: 't',
        connectionId: 'resume-me',
        reconnect: { initialDelayMs: 10 },
        onReconnecting: (attempt) => attempts.push(attempt),
      }),
    );
    const done = collect(events$);
    for (let v = 1; v <= 5; v += 1) audio.next(tone(v));
    while ((server.sockets[1]?.texts.length ?? 0) === 0) await new Promise((r) => setTimeout(r, 5));
    for (let v = 6; v <= 7; v += 1) audio.next(tone(v));
    audio.complete();
    const events = await done;
    expect(attempts).toEqual([1]);
    const messages = events.flatMap((e) =>
      e.type === 'message_response' ? e.messages.map((m) => m.id) : [],
    );
    expect(messages).toEqual(['m1', 'm2']);
    expect(kinds(events).filter((k) => k === 'recognition_started')).toHaveLength(1);
    const second = Buffer.concat(server.sockets[1]?.audio ?? []);
    // The final covered 250 ms (8000 bytes): replay starts there, in the middle of chunk 3.
    expect(second.length).toBe(7 * 3200 - 8000);
    expect([0, 1600, 4800, 8000, 11200].map((at) => second.readInt16LE(at))).toEqual([3, 4, 5, 6, 7]);
    expect(JSON.parse(server.sockets[1]?.texts[0] as string).noConnectionTimeout).toBe(60);
  });

  it('resumes with Parley’s protocol: resumeKey and lastSeq in the URL, replay from the acknowledged byte, results deduplicated by seq', async () => {
    server = await scriptedServer(async (s, i) => {
      const start = await s.json('start_request');
      expect(start.type).toBe('start_request');
      const key = new URL(s.url, 'http://x').searchParams.get('resumeKey');
      s.send({ type: 'message', message: { type: 'started_listening' } });
      if (i === 0) {
        s.send({
          type: 'message',
          message: { type: 'conversation_created', data: { conversationId: 'c7' } },
        });
        s.send({
          type: 'message',
          message: {
            type: 'recognition_started',
            data: { conversationId: 'c7', resumeKey: key, resumed: false, audioBytes: 0, lastSeq: 0 },
          },
        });
        while (s.audioBytes() < 5 * 3200) await new Promise((r) => setTimeout(r, 5));
        s.ws.ping(JSON.stringify({ audioBytes: 4 * 3200, seq: 1 }));
        s.send({ ...messageResponse('m1', 'One.'), seq: 1 });
        await new Promise((r) => setTimeout(r, 50));
        s.ws.terminate();
        return;
      }
      s.send({
        type: 'message',
        message: {
          type: 'recognition_started',
          data: { conversationId: 'c7', resumeKey: key, resumed: true, audioBytes: 4 * 3200, lastSeq: 2 },
        },
      });
      s.send({ type: 'topic_response', topics: [{ id: 't-old', phrases: 'replayed' }], seq: 1 });
      s.send({ ...messageResponse('m2', 'Two.'), seq: 2 });
      await s.json('stop_request');
      s.send({ ...messageResponse('m3', 'Three.'), seq: 3 });
      s.complete('c7');
    });
    const audio = new Subject<AudioChunk>();
    const done = collect(
      audio.pipe(
        streamingSession({ baseUrl: server.baseUrl, token: 't', reconnect: { initialDelayMs: 10 } }),
      ),
    );
    for (let v = 1; v <= 5; v += 1) audio.next(tone(v));
    while ((server.sockets[1]?.texts.length ?? 0) === 0) await new Promise((r) => setTimeout(r, 5));
    audio.next(tone(6));
    audio.complete();
    const events = await done;
    const first = new URL(server.sockets[0]?.url as string, 'http://x').searchParams;
    const second = new URL(server.sockets[1]?.url as string, 'http://x').searchParams;
    expect(first.get('resumeKey')).toMatch(/^[A-Za-z0-9-]{36}$/);
    expect(second.get('resumeKey')).toBe(first.get('resumeKey'));
    expect(second.get('lastSeq')).toBe('1');
    expect(kinds(events)).toEqual([
      'started_listening',
      'conversation_created',
      'recognition_started',
      'message_response',
      'message_response',
      'message_response',
      'recognition_stopped',
      'conversation_completed',
    ]);
    const replayed = Buffer.concat(server.sockets[1]?.audio ?? []);
    expect([0, 3200].map((at) => replayed.readInt16LE(at))).toEqual([5, 6]);
    expect(replayed.length).toBe(2 * 3200);
  });

  it('does not reconnect when the first handshake fails, even with reconnect on', async () => {
    server = await scriptedServer((s) => s.ws.close(1011, 'boom'));
    const error = await collect(
      of(tone(1)).pipe(streamingSession({ baseUrl: server.baseUrl, token: 't', reconnect: true })),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(WebSocketClosedError);
    expect(error.closeCode).toBe(1011);
    expect(server.sockets).toHaveLength(1);
  });
});

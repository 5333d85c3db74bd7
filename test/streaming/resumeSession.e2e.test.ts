import type { AddressInfo } from 'node:net';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { concatMap, from, lastValueFrom, type Observable, tap, timer, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../operators/messages.ts';
import { streamingSession } from '../../operators/streamingSession.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import type { AudioChunk } from '../../sources/AudioChunk.ts';
import { fromFile } from '../../sources/fromFile.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';

/** A TCP relay in front of the server whose connections the test can cut (a network drop). */
interface Relay {
  baseUrl: string;
  cut(): void;
  close(): Promise<void>;
}

async function relay(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      for (const s of open) s.resetAndDestroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let live: LocalServer;
let net: Relay;
beforeAll(async () => {
  live = await startLocalServer();
  net = await relay(live.baseUrl);
});
afterAll(async () => {
  await net?.close();
  await live?.close();
});

describe('reconnecting live session against the Parley server', () => {
  it('survives a network drop mid-stream: every final once, and the stored conversation matches', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    // The first five turns, at 4x real time so that the drop lands mid-speech.
    const seconds = (fixture.turns[4]?.end ?? 25) + 1;
    const chunks = await lastValueFrom(fromFile(fixture.mixWav).pipe(toArray()));
    const audio$: Observable<AudioChunk> = from(chunks.slice(0, Math.ceil(seconds * 10))).pipe(
      concatMap((chunk) => timer(25).pipe(concatMap(() => [chunk]))),
    );
    let sent = 0;
    const reconnects: number[] = [];
    const events: StreamingEvent[] = await lastValueFrom(
      audio$.pipe(
        tap(() => {
          sent += 1;
          if (sent === 120) net.cut(); // after 12 s of audio
        }),
        streamingSession({
          baseUrl: net.baseUrl,
          token: live.token,
          reconnect: { initialDelayMs: 50 },
          onReconnecting: (attempt) => reconnects.push(attempt),
        }),
        toArray(),
      ),
    );
    expect(reconnects).toEqual([1]);
    const streamed = await lastValueFrom(from(events).pipe(messages(), toArray()));
    const ids = streamed.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const text = streamed
      .map((m) => m.payload.content)
      .join(' ')
      .toLowerCase();
    for (const words of ['mobile app', 'beta test', 'payment page']) expect(text).toContain(words);
    const id = events.flatMap((e) =>
      e.type === 'message' && e.message.type === 'conversation_created'
        ? [e.message.data.conversationId]
        : [],
    );
    expect(id).toHaveLength(1);
    const response = await fetch(`${live.baseUrl}/v1/conversations/${id[0]}/messages`, {
      headers: { authorization: `Bearer ${live.token}` },
    });
    const stored = (await response.json()) as { messages: { id: string }[] };
    expect(stored.messages.map((m) => m.id).sort()).toEqual([...ids].sort());
  });
});

import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  conversationCompleted,
  conversationCreated,
  recognitionStarted,
  recognitionStopped,
  startedListening,
} from '../../src/model/streamingSystemMessages.ts';

/** One client socket as the scripted server sees it: every text frame and the audio bytes received. */
export interface ScriptedSocket {
  ws: WebSocket;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  texts: string[];
  audio: Buffer[];
  frameSizes: number[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the next text frame satisfying `match` (already received ones count). */
  text(match: (text: string) => boolean): Promise<string>;
  /** The next JSON text frame of `type`, parsed. */
  json(type: string): Promise<Record<string, unknown>>;
  send(value: unknown): void;
  /** Waits for start_request, then sends the three start messages (started_listening, conversation_created, recognition_started). */
  handshake(conversationId?: string): Promise<Record<string, unknown>>;
  /** recognition_stopped then conversation_completed, in one burst, then close 1000. */
  complete(conversationId?: string): void;
  audioBytes(): number;
}

/** A real `ws` server on 127.0.0.1:0 that runs `script` for every connection. */
export interface ScriptedServer {
  baseUrl: string;
  sockets: ScriptedSocket[];
  close(): Promise<void>;
}

export async function scriptedServer(
  script: (socket: ScriptedSocket, index: number) => void | Promise<void>,
  options: { refuse?: { status: number; body?: string } } = {},
): Promise<ScriptedServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
    ...(options.refuse
      ? {
          verifyClient: (_info, done) =>
            done(false, options.refuse?.status, options.refuse?.body ?? 'refused'),
        }
      : {}),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: ScriptedSocket[] = [];
  wss.on('connection', (ws, request) => {
    const waiters: { match: (t: string) => boolean; resolve: (t: string) => void }[] = [];
    let consumed = 0;
    const socket: ScriptedSocket = {
      ws,
      url: request.url ?? '',
      headers: request.headers,
      texts: [],
      audio: [],
      frameSizes: [],
      closed: new Promise((resolve) =>
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      ),
      text(match) {
        for (let i = consumed; i < socket.texts.length; i += 1) {
          const t = socket.texts[i] as string;
          if (match(t)) {
            consumed = i + 1;
            return Promise.resolve(t);
          }
        }
        return new Promise((resolve) => waiters.push({ match, resolve }));
      },
      async json(type) {
        const t = await socket.text((x) => x.startsWith('{') && JSON.parse(x).type === type);
        return JSON.parse(t) as Record<string, unknown>;
      },
      send(value) {
        ws.send(typeof value === 'string' ? value : JSON.stringify(value));
      },
      async handshake(conversationId = '5093011103940608') {
        const start = await socket.json('start_request');
        socket.send(startedListening());
        socket.send(conversationCreated(conversationId));
        socket.send(recognitionStarted(conversationId));
        return start;
      },
      complete(conversationId = '5093011103940608') {
        socket.send(recognitionStopped());
        socket.send(conversationCompleted(conversationId));
        ws.close(1000);
      },
      audioBytes: () => socket.audio.reduce((n, b) => n + b.length, 0),
    };
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) {
        socket.audio.push(bytes);
        socket.frameSizes.push(bytes.length);
        return;
      }
      const text = bytes.toString('utf8');
      socket.texts.push(text);
      const i = waiters.findIndex((w) => w.match(text));
      if (i >= 0) {
        consumed = socket.texts.length;
        waiters.splice(i, 1)[0]?.resolve(text);
      }
    });
    sockets.push(socket);
    void script(socket, sockets.length - 1);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ParleyError } from '../../errors/ParleyError.ts';
import { ConnectionId } from '../../model/streamingClientMessages.ts';
import type { TokenService } from '../auth/TokenService.ts';
import { refuseUpgrade } from '../http/refuseUpgrade.ts';
import type { Logger } from '../Logger.ts';
import { authenticateUpgrade } from './authenticateUpgrade.ts';
import { LiveConnection } from './LiveConnection.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { type ResumeRequest, StreamSocket } from './StreamSocket.ts';

/**
 * Handles an HTTP upgrade if its path is one it serves: returns true when it took the socket
 * (and will answer it), false to let another handler try.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** Largest binary frame accepted (spec 4: at least 8192 bytes; browsers send larger ones). */
const MAX_FRAME_BYTES = 1024 * 1024;

const PATHS: ReadonlyArray<{ prefix: string; kind: 'stream' | 'subscribe' }> = [
  { prefix: '/v1/streaming/', kind: 'stream' },
  { prefix: '/v1/realtime/insights/', kind: 'stream' },
  { prefix: '/v1/subscribe/', kind: 'subscribe' },
];

const RESUME_KEY = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The Streaming API's WebSocket endpoints (spec/streaming-api.md) on the REST server's HTTP
 * listener: `/v1/streaming/{connectionId}` and its legacy twin `/v1/realtime/insights/{connectionId}`
 * (identical), and the read-only `/v1/subscribe/{connectionId}`. Authentication and connection-id
 * checks happen at upgrade time, so refused clients get a plain HTTP status (400, 401, 404).
 *
 * Resuming a dropped stream (Parley extension, opt-in; full text in README.md next to this file):
 * 1. connect with `?resumeKey=<1-128 of [A-Za-z0-9._~-]>` (client-chosen, one per audio stream);
 * 2. the server then adds a top-level `seq` (conversation-wide result number, from 1) to every
 *    result frame it sends that socket, puts `{resumeKey, resumed, audioBytes, lastSeq}` in
 *    `recognition_started.data`, and acknowledges with WebSocket ping frames whose payload is
 *    `{"audioBytes":N,"seq":S}` (N = binary bytes received after the first start_request);
 * 3. after a drop the stream keeps running for `max(noConnectionTimeout, 30)` s;
 * 4. reconnect with `?resumeKey=<same>&lastSeq=<last seq received>` and send `start_request`: the
 *    answer is `started_listening`, `recognition_started` (`resumed: true`, `audioBytes`), the kept
 *    result frames with `seq > lastSeq`, then live frames; re-send audio from byte `audioBytes`.
 * Each final is produced once and numbered once, so nothing is lost or repeated.
 */
export class StreamingEndpoints {
  readonly #tokens: TokenService;
  readonly #live: LiveConversationRegistry;
  readonly #logger: Logger;
  readonly #wss: WebSocketServer;
  readonly #connections = new Map<string, LiveConnection>();
  readonly #sockets = new Set<StreamSocket>();
  readonly #protocols = new WeakMap<IncomingMessage, string>();
  #closing = false;

  constructor(dependencies: { tokens: TokenService; live: LiveConversationRegistry; logger: Logger }) {
    this.#tokens = dependencies.tokens;
    this.#live = dependencies.live;
    this.#logger = dependencies.logger;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      clientTracking: true,
      handleProtocols: (_offered, req) => this.#protocols.get(req) ?? false,
    });
    dependencies.live.onClose(() => this.close());
  }

  /** The `upgrade` handler for `http.Server` (see {@link UpgradeHandler}). */
  readonly handleUpgrade: UpgradeHandler = (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = PATHS.find((p) => url.pathname.startsWith(p.prefix));
    if (route === undefined) return false;
    socket.on('error', () => socket.destroy());
    void this.#upgrade(req, socket, head, url, route.prefix, route.kind).catch((error: unknown) => {
      this.#logger.log('error', 'live.upgrade_failed', { error });
      refuseUpgrade(socket, 500, 'Internal error');
    });
    return true;
  };

  async #upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    prefix: string,
    kind: 'stream' | 'subscribe',
  ): Promise<void> {
    if (this.#closing) return refuseUpgrade(socket, 503, 'Server is shutting down');
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return refuseUpgrade(socket, 400, 'The connection id is not valid URL encoding');
    }
    if (!ConnectionId.safeParse(connectionId).success) {
      return refuseUpgrade(socket, 400, 'The connection id must be 1-128 characters of [A-Za-z0-9._~=+-]');
    }
    let identity: Awaited<ReturnType<typeof authenticateUpgrade>>;
    try {
      identity = await authenticateUpgrade(this.#tokens, req, url.searchParams);
    } catch (error) {
      if (error instanceof ParleyError && error.status === 401)
        return refuseUpgrade(socket, 401, error.message);
      throw error;
    }
    const key = `${identity.appId}\u0000${connectionId}`;
    let connection = this.#connections.get(key);
    if (kind === 'subscribe' && connection === undefined) {
      return refuseUpgrade(socket, 404, `No live connection ${connectionId}`);
    }
    let resume: ResumeRequest | undefined;
    const resumeKey = url.searchParams.get('resumeKey');
    if (kind === 'stream' && resumeKey !== null) {
      const lastSeq = Number(url.searchParams.get('lastSeq') ?? '0');
      if (!RESUME_KEY.test(resumeKey) || !Number.isSafeInteger(lastSeq) || lastSeq < 0) {
        return refuseUpgrade(
          socket,
          400,
          'resumeKey must be 1-128 of [A-Za-z0-9._~-], lastSeq an integer >= 0',
        );
      }
      resume = { key: resumeKey, lastSeq };
    }
    if (identity.protocol !== undefined) this.#protocols.set(req, identity.protocol);
    if (socket.destroyed) return;
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.#closing) {
        ws.close(1001, 'server shutting down');
        return;
      }
      if (connection === undefined) {
        const created: LiveConnection = new LiveConnection(identity.appId, connectionId, this.#logger, () => {
          if (this.#connections.get(key) === created) this.#connections.delete(key);
        });
        connection = created;
        this.#connections.set(key, created);
      }
      if (kind === 'subscribe') {
        const target = connection;
        target.subscribers.add(ws);
        ws.on('error', () => undefined);
        // Subscribers send nothing (spec 9); anything they send is ignored, except keep-alive.
        ws.on('message', (data, isBinary) => {
          if (!isBinary && data.toString().trim() === '__PING__') ws.send('__PONG__');
        });
        ws.on('close', () => {
          target.subscribers.delete(ws);
          target.forgetIfIdle();
        });
        return;
      }
      const stream = new StreamSocket(ws, connection, this.#live, this.#logger, resume);
      this.#sockets.add(stream);
      ws.on('close', () => this.#sockets.delete(stream));
    });
  }

  /** Open streaming connections (for tests and metrics). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Finishes every streaming socket (flush, `recognition_stopped`, `conversation_completed`,
   * close 1001), stops dropped resumable streams, closes subscribers. Idempotent.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.allSettled([...this.#sockets].map((s) => s.shutdown()));
    const detached = [...this.#connections.values()].flatMap((c) => [...c.streams.values()]);
    await Promise.allSettled(
      detached.map((stream) => {
        if (stream.expiry !== undefined) clearTimeout(stream.expiry);
        return stream.session.stop();
      }),
    );
    for (const connection of this.#connections.values()) {
      connection.close();
      for (const subscriber of connection.subscribers) subscriber.close(1001, 'server shutting down');
    }
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

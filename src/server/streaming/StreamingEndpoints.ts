import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { ConnectionId } from '../../model/streamingClientMessages.ts';
import type { LiveSessionDirectory } from '../cluster/LiveSessionDirectory.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { StreamingConnection } from './StreamingConnection.ts';
import { type ResumeRequest, StreamingSocket } from './StreamingSocket.ts';
import type { ForwardUpgrade, SocketOpener, WebSocketRoute, WebSocketUpgrade } from './WebSocketGateway.ts';

const RESUME_KEY = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The Streaming API's WebSocket endpoints, as routes on the server's {@link WebSocketGateway}:
 * `/v1/streaming/{connectionId}` and its legacy twin `/v1/realtime/insights/{connectionId}`
 * (identical), and the read-only `/v1/subscribe/{connectionId}`. It holds the server's streaming
 * connections by app and id, and the sockets open on them (to finish them on shutdown).
 *
 * A socket may opt into resuming a dropped stream with `?resumeKey=<1-128 of [A-Za-z0-9._~-]>`
 * and, when it reconnects, `&lastSeq=<last seq received>` (README.md next to this file,
 * "Resuming"; the socket's side is in StreamingSocket).
 *
 * In a deployment of several nodes a connection lives on the node that accepted its first socket
 * (it claims the id in the {@link LiveSessionDirectory}); later sockets and subscribers of the
 * same id that reach another node are forwarded to it.
 */
export class StreamingEndpoints {
  readonly #live: LiveConversationRegistry;
  readonly #directory: LiveSessionDirectory | undefined;
  readonly #connections = new Map<string, StreamingConnection>();
  readonly #sockets = new Set<StreamingSocket>();

  constructor(dependencies: { live: LiveConversationRegistry; directory?: LiveSessionDirectory }) {
    this.#live = dependencies.live;
    this.#directory = dependencies.directory;
  }

  /** The routes to add to the server's gateway. */
  webSocketRoutes(): WebSocketRoute[] {
    const stream = (prefix: string): WebSocketRoute => ({ prefix, accept: (u) => this.#acceptStream(u) });
    return [
      stream('/v1/streaming/'),
      stream('/v1/realtime/insights/'),
      { prefix: '/v1/subscribe/', accept: (u) => this.#acceptSubscriber(u) },
    ];
  }

  /** Open streaming connections (for tests and metrics). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Finishes every streaming socket (flush, `conversation_completed`, `recognition_stopped`,
   * close 1001), then every connection (streams kept for a resume stop, subscribers close 1001).
   * Call after the gateway stopped accepting.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#sockets].map((s) => s.shutdown()));
    await Promise.allSettled([...this.#connections.values()].map((c) => c.close()));
  }

  async #acceptStream({
    appId,
    id,
    query,
    forwarded,
  }: WebSocketUpgrade): Promise<SocketOpener | ForwardUpgrade> {
    const connectionId = checkedConnectionId(id);
    const resume = resumeRequest(query);
    if (!this.#connections.has(key(appId, connectionId)) && this.#directory !== undefined) {
      const holder = await this.#directory.claim(appId, connectionId, 'streaming', forwarded);
      if (holder !== undefined) return { forwardTo: holder.url };
    }
    return (ws) => {
      const socket = new StreamingSocket(ws, this.#connection(appId, connectionId), this.#live, resume);
      this.#sockets.add(socket);
      ws.on('close', () => this.#sockets.delete(socket));
    };
  }

  async #acceptSubscriber({
    appId,
    id,
    forwarded,
  }: WebSocketUpgrade): Promise<SocketOpener | ForwardUpgrade> {
    const connectionId = checkedConnectionId(id);
    if (!this.#connections.has(key(appId, connectionId))) {
      // A streaming connection or a telephony call of another node (this node's calls were asked first).
      const holder = await this.#directory?.holder(appId, connectionId, forwarded);
      if (holder !== undefined) return { forwardTo: holder.url };
      throw new NotFoundError(`No live connection ${connectionId}`);
    }
    return (ws) => {
      const connection = this.#connections.get(key(appId, connectionId));
      // The connection ended during the handshake: there is nothing left to follow.
      if (connection === undefined) ws.close(1000, 'conversation completed');
      else connection.subscribe(ws);
    };
  }

  /** The connection `appId`/`connectionId`, created on its first socket; forgotten once idle. */
  #connection(appId: string, connectionId: string): StreamingConnection {
    const k = key(appId, connectionId);
    const open = this.#connections.get(k);
    if (open !== undefined) return open;
    const connection = new StreamingConnection(appId, connectionId, this.#live);
    this.#connections.set(k, connection);
    connection.idle$.subscribe(() => {
      if (this.#connections.get(k) !== connection) return;
      this.#connections.delete(k);
      this.#directory?.release(appId, connectionId);
    });
    return connection;
  }
}

function key(appId: string, connectionId: string): string {
  return `${appId}\u0000${connectionId}`;
}

/** @throws ValidationError (400 at upgrade) for an id the Streaming API does not allow. */
function checkedConnectionId(id: string): string {
  if (!ConnectionId.safeParse(id).success)
    throw new ValidationError('connection id', [
      { path: '', message: 'must be 1-128 characters of [A-Za-z0-9._~=+-]' },
    ]);
  return id;
}

/** @throws ValidationError (400 at upgrade) for a bad `resumeKey` or `lastSeq`. */
function resumeRequest(query: URLSearchParams): ResumeRequest | undefined {
  const key = query.get('resumeKey');
  if (key === null) return undefined;
  const lastSeq = Number(query.get('lastSeq') ?? '0');
  if (!RESUME_KEY.test(key) || !Number.isSafeInteger(lastSeq) || lastSeq < 0)
    throw new ValidationError('resume parameters', [
      { path: 'resumeKey', message: 'must be 1-128 of [A-Za-z0-9._~-]' },
      { path: 'lastSeq', message: 'must be an integer >= 0' },
    ]);
  return { key, lastSeq };
}

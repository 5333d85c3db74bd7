import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { AuthenticationError } from '../../errors/AuthenticationError.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import type { TokenService } from '../auth/TokenService.ts';
import type { ForwardMark } from '../cluster/ForwardMark.ts';
import { forwardUpgrade } from '../cluster/forwardUpgrade.ts';
import { refuseUpgrade } from '../http/refuseUpgrade.ts';
import type { Logger } from '../Logger.ts';
import { authenticateUpgrade } from './authenticateUpgrade.ts';
import type { SocketLimits } from './SocketLimits.ts';

/** What a route sees of an authenticated upgrade request. */
export interface WebSocketUpgrade {
  /** The app the token belongs to. */
  appId: string;
  /** The path's last segment, decoded (a connection id). */
  id: string;
  query: URLSearchParams;
  /** Another node forwarded this upgrade here: serve it on this node, never forward it again. */
  forwarded: boolean;
}

/** What to do with the socket once the handshake is done. */
export type SocketOpener = (ws: WebSocket) => void;

/** The session is held by another node: hand the upgrade to it, at this base URL. */
export interface ForwardUpgrade {
  forwardTo: string;
}

/**
 * One WebSocket path: `prefix` followed by one segment, the id (`/v1/streaming/{connectionId}`).
 * Several routes may share a prefix; they are asked in the order they were added.
 */
export interface WebSocketRoute {
  /** The path up to the id, with its slashes: `/v1/streaming/`. */
  prefix: string;
  /**
   * Decides, once the caller is authenticated and before the handshake, what the socket will be:
   * the opener to run after the handshake, the node to forward the upgrade to (it holds the
   * session), or undefined to leave the upgrade to the next route with this prefix.
   * @throws ParleyError with a 4xx status (ValidationError 400, NotFoundError 404, ...) to refuse
   * the upgrade with that status and message.
   */
  accept(
    upgrade: WebSocketUpgrade,
  ): SocketOpener | ForwardUpgrade | undefined | Promise<SocketOpener | ForwardUpgrade | undefined>;
}

/** Largest frame any WebSocket path accepts (audio frames are at least 8192 bytes; browsers send larger). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * The server's one WebSocket upgrade path, shared by the Streaming API and telephony. For each
 * upgrade, in order: refused with 503 while the server shuts down; 404 when no route has its path;
 * 400 when the id is not valid URL encoding; 401 without a valid token (from any of the places
 * {@link authenticateUpgrade} reads); then the routes decide (a typed 4xx refusal, or a socket);
 * 404 when none takes it. A refusal is a plain HTTP answer with a JSON `{message}`, because before
 * the handshake there is no WebSocket to send a close code on. The subprotocol that carried the
 * token (or the first one offered) is echoed, and every socket gets the same `maxPayload`.
 */
export class WebSocketGateway {
  readonly #tokens: TokenService;
  readonly #logger: Logger;
  readonly #mark: ForwardMark | undefined;
  readonly #routes: WebSocketRoute[] = [];
  readonly #protocols = new WeakMap<IncomingMessage, string>();
  readonly #wss: WebSocketServer;
  readonly #limits: SocketLimits;
  readonly #socketsByApp = new Map<string, number>();
  #sockets = 0;
  #accepting = true;

  constructor(dependencies: {
    tokens: TokenService;
    logger: Logger;
    mark?: ForwardMark | undefined;
    limits?: Partial<SocketLimits>;
  }) {
    this.#tokens = dependencies.tokens;
    this.#logger = dependencies.logger;
    this.#mark = dependencies.mark;
    this.#limits = { socketsPerApp: 100, socketsPerServer: 1000, ...dependencies.limits };
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      clientTracking: true,
      handleProtocols: (_offered, req) => this.#protocols.get(req) ?? false,
    });
  }

  /** Adds routes, asked after those already added. */
  add(...routes: WebSocketRoute[]): this {
    this.#routes.push(...routes);
    return this;
  }

  /** The `upgrade` listener for `http.Server`: answers every upgrade request, one way or another. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    void this.#upgrade(req, socket, head).catch((error: unknown) => {
      this.#logger.log('error', 'live.upgrade_failed', { error });
      refuseUpgrade(socket, 500, 'Internal error');
    });
  };

  /** Refuses every upgrade from now on (503), and closes sockets whose handshake was under way (1001). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  /** Ends every socket still open and the WebSocket server; call after the routes' owners finished theirs. */
  async close(): Promise<void> {
    this.#accepting = false;
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!this.#accepting) return refuseUpgrade(socket, 503, 'Server is shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const routes = this.#routes.filter((r) => isIdPath(url.pathname, r.prefix));
    const [first] = routes;
    if (first === undefined) return refuseUpgrade(socket, 404, `No WebSocket endpoint at ${url.pathname}`);
    let id: string;
    try {
      id = decodeURIComponent(url.pathname.slice(first.prefix.length));
    } catch {
      return refuseUpgrade(socket, 400, 'The path is not valid URL encoding');
    }
    let identity: Awaited<ReturnType<typeof authenticateUpgrade>>;
    try {
      identity = await authenticateUpgrade(this.#tokens, req, url.searchParams);
    } catch (error) {
      if (error instanceof AuthenticationError) return refuseUpgrade(socket, 401, error.message);
      throw error;
    }
    const refusal = this.#capReached(identity.appId);
    if (refusal !== undefined) return refuseUpgrade(socket, 429, refusal, { 'retry-after': '5' });
    const release = this.#reserve(identity.appId);
    socket.once('close', release);
    const upgrade: WebSocketUpgrade = {
      appId: identity.appId,
      id,
      query: url.searchParams,
      forwarded: this.#mark?.verify(req.headers) ?? false,
    };
    for (const route of routes) {
      let open: SocketOpener | ForwardUpgrade | undefined;
      try {
        open = await route.accept(upgrade);
      } catch (error) {
        if (isRefusal(error)) return refuseUpgrade(socket, error.status, error.message);
        throw error;
      }
      if (open === undefined) continue;
      if (typeof open !== 'function') {
        // Only a server that is one node of several (it has a mark) finds sessions elsewhere.
        if (this.#mark === undefined)
          return refuseUpgrade(socket, 502, 'Live sessions are not forwarded here.');
        this.#logger.log('info', 'live.forwarded', { path: url.pathname, to: open.forwardTo });
        return forwardUpgrade(req, socket, head, open.forwardTo, this.#mark);
      }
      if (identity.protocol !== undefined) this.#protocols.set(req, identity.protocol);
      if (socket.destroyed) return;
      return this.#handshake(req, socket, head, open);
    }
    return refuseUpgrade(socket, 404, `Nothing to connect to at ${url.pathname}`);
  }

  /** Why `appId` may not open another socket now, if it may not. */
  #capReached(appId: string): string | undefined {
    if ((this.#socketsByApp.get(appId) ?? 0) >= this.#limits.socketsPerApp)
      return `This app has ${this.#limits.socketsPerApp} WebSockets open, its maximum; close one first.`;
    if (this.#sockets >= this.#limits.socketsPerServer)
      return 'The server has as many WebSockets open as it takes; retry later.';
    return undefined;
  }

  /** Counts a socket of `appId` from now until the returned function is called (once). */
  #reserve(appId: string): () => void {
    this.#sockets += 1;
    this.#socketsByApp.set(appId, (this.#socketsByApp.get(appId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#sockets -= 1;
      const left = (this.#socketsByApp.get(appId) ?? 1) - 1;
      if (left === 0) this.#socketsByApp.delete(appId);
      else this.#socketsByApp.set(appId, left);
    };
  }

  #handshake(req: IncomingMessage, socket: Duplex, head: Buffer, open: SocketOpener): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      // An error event without a listener would throw; the opener may add its own.
      ws.on('error', () => undefined);
      if (!this.#accepting) {
        ws.close(1001, 'server shutting down');
        return;
      }
      open(ws);
    });
  }
}

/** Whether `path` is `prefix` followed by one non-empty segment. */
function isIdPath(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const rest = path.slice(prefix.length);
  return rest !== '' && !rest.includes('/');
}

function isRefusal(error: unknown): error is ParleyError & { status: number } {
  return (
    error instanceof ParleyError && error.status !== undefined && error.status >= 400 && error.status < 500
  );
}

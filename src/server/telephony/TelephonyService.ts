import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import { SipError } from '../../errors/SipError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { parse } from '../../model/parse.ts';
import {
  TelephonyConnectRequest,
  TelephonyEvent,
  type TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopResponse,
} from '../../model/telephony.ts';
import type { Reply, RequestContext } from '../http/Route.ts';
import { refuseUpgrade } from '../http/refuseUpgrade.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import { authenticateUpgrade } from '../streaming/authenticateUpgrade.ts';
import type { UpgradeHandler } from '../streaming/StreamingEndpoints.ts';
import { applySpeakerTimeline } from './applySpeakerTimeline.ts';
import { parseSipTrunk, type SipTrunk } from './SipTrunk.ts';
import {
  type SubscriberKind,
  TelephonyConnection,
  type TelephonyDependencies,
} from './TelephonyConnection.ts';

/** Options of {@link TelephonyService}. */
export interface TelephonyServiceOptions {
  /** The server's shared parts: tokens, live registry, store and job queue (speaker timelines). */
  context: ServerContext;
  /** `PARLEY_SIP_TRUNK` form (`sip:user:password@host:port`); without it PSTN starts get 400. */
  trunk?: string;
  /** SIP defaults for every call (local address, timers). */
  sip?: TelephonyDependencies['sip'];
  /** How long an ended connection stays answerable to `stop` (default 10 minutes). */
  endedRetentionMs?: number;
}

/**
 * The Telephony API (telephony-api.md) of one server: `POST /v1/endpoint:connect` start/stop,
 * speaker events on `POST /v1/event/{id}` and `/events/{id}`, and the subscription sockets
 * `/session/subscribe/{id}` (telephony frames) and `/v1/subscribe/{id}` (streaming frames) for
 * telephony connections. Connections whose call ended (by stop or by the far end) stay answerable
 * to `stop` for a while so the client still gets its conversation id.
 */
export class TelephonyService {
  readonly #options: TelephonyServiceOptions;
  readonly #trunk: SipTrunk | undefined;
  readonly #connections = new Map<string, TelephonyConnection>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #protocols = new WeakMap<IncomingMessage, string>();
  #closing = false;

  constructor(options: TelephonyServiceOptions) {
    this.#options = options;
    this.#trunk = options.trunk ? parseSipTrunk(options.trunk) : undefined;
    this.#wss.options.handleProtocols = (_offered, req) => this.#protocols.get(req) ?? false;
  }

  /** Live and recently ended connections. */
  get size(): number {
    return this.#connections.size;
  }

  /** The connection `connectionId` of `appId`, if known. */
  connection(appId: string, connectionId: string): TelephonyConnection | undefined {
    const connection = this.#connections.get(connectionId);
    return connection?.appId === appId ? connection : undefined;
  }

  /** `POST /v1/endpoint:connect`. */
  async connect(ctx: RequestContext, body: unknown): Promise<Reply> {
    const request = parse(TelephonyConnectRequest, body, 'endpoint:connect request');
    if (request.operation === 'stop') {
      const connection = this.connection(ctx.appId, request.connectionId);
      if (connection === undefined)
        throw new NotFoundError(
          `No telephony connection ${request.connectionId} (unknown, or stopped long ago)`,
        );
      const response = await connection.stop();
      return { status: 201, body: responseBody(TelephonyStopResponse, response, 'stop response') };
    }
    return this.#start(ctx, request);
  }

  async #start(ctx: RequestContext, request: TelephonyStartRequest): Promise<Reply> {
    if (this.#closing) return { status: 503, body: { message: 'The server is shutting down.' } };
    if (request.endpoint.type === 'pstn' && this.#trunk === undefined) {
      throw new ValidationError('endpoint:connect request', [
        {
          path: 'endpoint.type',
          message:
            'PSTN calls need a SIP trunk and this server has none: set PARLEY_SIP_TRUNK (sip:user:password@trunk-host:port), or call a SIP URI (type "sip")',
        },
      ]);
    }
    let connection: TelephonyConnection;
    try {
      connection = await TelephonyConnection.start(ctx.appId, request, {
        live: this.#options.context.live,
        logger: this.#options.context.logger,
        reattribute: (appId, conversationId, speakerEvents) =>
          applySpeakerTimeline(this.#options.context, appId, conversationId, speakerEvents),
        origin: originOf(ctx.req),
        ...(this.#trunk === undefined ? {} : { trunk: this.#trunk }),
        ...(this.#options.sip === undefined ? {} : { sip: this.#options.sip }),
      });
    } catch (error) {
      if (!(error instanceof SipError)) throw error;
      // The spec's "the call could not be placed" (telephony-api.md 4), with the SIP status said.
      return {
        status: 500,
        body: { message: `The call was not connected: ${error.message}`, sipStatus: error.sipStatus ?? null },
      };
    }
    connection.recordStartActions(request.actions ?? []);
    this.#connections.set(connection.connectionId, connection);
    void connection.whenFinished().then(() => {
      const timer = setTimeout(
        () => this.#connections.delete(connection.connectionId),
        this.#options.endedRetentionMs ?? 600_000,
      );
      timer.unref();
    });
    return {
      status: 201,
      body: responseBody(
        TelephonyStartResponse,
        {
          connectionId: connection.connectionId,
          conversationId: connection.conversationId,
          ...connection.urls,
        },
        'start response',
      ),
    };
  }

  /** `POST /v1/event/{connectionId}`: a speaker event (telephony-api.md 2.3). */
  event(ctx: RequestContext, body: unknown): Reply {
    const connection = this.connection(ctx.appId, ctx.params.connectionId ?? '');
    if (connection === undefined)
      throw new NotFoundError(`No telephony connection ${ctx.params.connectionId}`);
    const event = parse(TelephonyEvent, body, 'speaker event');
    if (event.type !== 'stopped') connection.recordSpeakerEvent(event);
    return { status: 200, body: { message: 'Event received.' } };
  }

  /**
   * Upgrades `/session/subscribe/{id}`, `/events/{id}`, and `/v1/subscribe/{id}` when `id` is a
   * telephony connection (other `/v1/subscribe` ids are left to the streaming endpoints).
   */
  readonly handleUpgrade: UpgradeHandler = (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/(session\/subscribe|v1\/subscribe|events)\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    let id: string;
    try {
      id = decodeURIComponent(match[2] as string);
    } catch {
      return false;
    }
    if (match[1] === 'v1/subscribe' && !this.#connections.has(id)) return false;
    socket.on('error', () => socket.destroy());
    void this.#upgrade(req, socket, head, url, id, match[1] as string).catch((error: unknown) => {
      this.#options.context.logger.log('error', 'telephony.upgrade_failed', { error });
      refuseUpgrade(socket, 500, 'Internal error');
    });
    return true;
  };

  async #upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    id: string,
    path: string,
  ): Promise<void> {
    let appId: string;
    try {
      const identity = await authenticateUpgrade(this.#options.context.tokens, req, url.searchParams);
      appId = identity.appId;
      if (identity.protocol !== undefined) this.#protocols.set(req, identity.protocol);
    } catch (error) {
      if (error instanceof ParleyError && error.status === 401)
        return refuseUpgrade(socket, 401, error.message);
      throw error;
    }
    const connection = this.connection(appId, id);
    if (connection === undefined || connection.ended)
      return refuseUpgrade(socket, 404, `No live telephony connection ${id}`);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      if (path === 'events') {
        // Speaker events, one JSON frame each (telephony-api.md 2.2); nothing is sent back.
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          const parsed = TelephonyEvent.safeParse(safeJson(data.toString()));
          if (parsed.success && parsed.data.type !== 'stopped') connection.recordSpeakerEvent(parsed.data);
        });
        return;
      }
      const kind: SubscriberKind = path === 'session/subscribe' ? 'telephony' : 'streaming';
      connection.subscribers.set(ws, kind);
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? '' : data.toString().trim();
        if (text === '__PING__') ws.send('__PONG__');
        // PY's Connection.stop() sends its repr of {'type': 'stop_request'}: an unsubscribe (spec 2.1).
        else if (text.includes('stop_request')) ws.close(1000, 'unsubscribed');
      });
      ws.on('close', () => connection.subscribers.delete(ws));
    });
  }

  /** Stops every live call (BYE, flush, persist) and closes the sockets. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.allSettled([...this.#connections.values()].map((c) => c.stop()));
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

/** The server's own origin as the client reached it (spec 1.4: URLs are built from it). */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() ?? 'http';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

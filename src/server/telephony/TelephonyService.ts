import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { checkRecognitionLanguage } from '../../engine/asr/recognitionLanguages.ts';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { SipError } from '../../errors/SipError.ts';
import { parse } from '../../model/parse.ts';
import {
  TelephonyConnectRequest,
  TelephonyEvent,
  type TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopResponse,
  telephonyLanguage,
} from '../../model/telephony.ts';
import { wsText } from '../../streaming/wsData.ts';
import { forwardRequest } from '../cluster/forwardRequest.ts';
import type { LiveSessionDirectory } from '../cluster/LiveSessionDirectory.ts';
import type { Reply, RequestContext } from '../http/Route.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type {
  ForwardUpgrade,
  SocketOpener,
  WebSocketRoute,
  WebSocketUpgrade,
} from '../streaming/WebSocketGateway.ts';
import { applySpeakerTimeline } from './applySpeakerTimeline.ts';
import { type CallSettings, callOptions } from './callOptions.ts';
import { checkedSipHop } from './checkedSipHop.ts';
import { parseSipTrunk, type SipTrunk } from './SipTrunk.ts';
import { type SubscriberKind, TelephonyConnection } from './TelephonyConnection.ts';

/** Options of {@link TelephonyService}. */
export interface TelephonyServiceOptions {
  /** The server's shared parts: live registry, store and job queue (speaker timelines). */
  context: ServerContext;
  /** `PARLEY_SIP_TRUNK` form (`sip:user:password@host:port`); without it PSTN starts get 400. */
  trunk?: string | undefined;
  /** SIP defaults for every call (local address, timers). */
  sip?: CallSettings['sip'];
  /** How long an ended connection stays answerable to `stop` (default 10 minutes). */
  endedRetentionMs?: number;
  /**
   * The server's base URL as its clients reach it, for the URLs a call hands out (see
   * publicOrigin: the public URL, a trusted proxy's forwarded scheme and host, or the listening
   * address; never a client's own Host).
   */
  origin: (req: IncomingMessage) => string;
  /**
   * Who holds each call in a deployment of several nodes: a stop, a speaker event or a
   * subscriber for a call of another node is forwarded there.
   */
  directory?: LiveSessionDirectory;
}

/**
 * The Telephony API of one server: `POST /v1/endpoint:connect` start and stop, speaker events on
 * `POST /v1/event/{id}`, and the WebSocket routes `/session/subscribe/{id}` (telephony frames),
 * `/v1/subscribe/{id}` (streaming frames, for a telephony connection id) and `/events/{id}`
 * (speaker events in). It holds the server's telephony connections by id; one whose call ended
 * (by stop or by the far end) stays answerable to `stop` for a while so the client still gets its
 * conversation id. A call is held by the node that placed it; requests and sockets naming it that
 * reach another node are forwarded to that one.
 */
export class TelephonyService {
  readonly #options: TelephonyServiceOptions;
  readonly #trunk: SipTrunk | undefined;
  readonly #connections = new Map<string, TelephonyConnection>();
  #closing = false;

  constructor(options: TelephonyServiceOptions) {
    this.#options = options;
    this.#trunk = options.trunk ? parseSipTrunk(options.trunk) : undefined;
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
      if (connection === undefined) {
        const forwarded = await this.#forward(ctx, request.connectionId, body);
        if (forwarded !== undefined) return forwarded;
        throw new NotFoundError(
          `No telephony connection ${request.connectionId} (unknown, or stopped long ago)`,
        );
      }
      const response = await connection.stop();
      return { status: 201, body: responseBody(TelephonyStopResponse, response, 'stop response') };
    }
    return this.#start(ctx, request);
  }

  /** `POST /v1/event/{connectionId}`: a speaker event. */
  async event(ctx: RequestContext, body: unknown): Promise<Reply> {
    const connectionId = ctx.params.connectionId ?? '';
    const connection = this.connection(ctx.appId, connectionId);
    if (connection === undefined) {
      const forwarded = await this.#forward(ctx, connectionId, body);
      if (forwarded !== undefined) return forwarded;
      throw new NotFoundError(`No telephony connection ${ctx.params.connectionId}`);
    }
    const event = parse(TelephonyEvent, body, 'speaker event');
    if (event.type !== 'stopped') connection.recordSpeakerEvent(event);
    return { status: 200, body: { message: 'Event received.' } };
  }

  /**
   * The routes to add to the server's gateway, before the streaming ones: `/v1/subscribe/{id}` is
   * taken here only for a telephony connection id, and left to the Streaming API otherwise.
   */
  webSocketRoutes(): WebSocketRoute[] {
    const subscriber =
      (kind: SubscriberKind): WebSocketRoute['accept'] =>
      async (upgrade) => {
        const connection = await this.#liveConnection(upgrade);
        if (!(connection instanceof TelephonyConnection)) return connection;
        return (ws) => connection.subscribe(ws, kind);
      };
    return [
      { prefix: '/session/subscribe/', accept: subscriber('telephony') },
      {
        // Another node's call is forwarded by the Streaming API's route, which asks the directory.
        prefix: '/v1/subscribe/',
        accept: (upgrade) =>
          this.connection(upgrade.appId, upgrade.id) === undefined
            ? undefined
            : subscriber('streaming')(upgrade),
      },
      {
        prefix: '/events/',
        accept: async (upgrade) => {
          const connection = await this.#liveConnection(upgrade);
          return connection instanceof TelephonyConnection ? speakerEventsIn(connection) : connection;
        },
      },
    ];
  }

  /** Stops every live call (BYE, flush, store), closing their subscribers. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.allSettled([...this.#connections.values()].map((c) => c.stop()));
  }

  async #start(ctx: RequestContext, request: TelephonyStartRequest): Promise<Reply> {
    if (this.#closing) return { status: 503, body: { message: 'The server is shutting down.' } };
    checkRecognitionLanguage(telephonyLanguage(request), 'endpoint:connect request', 'languages[0]');
    const { context } = this.#options;
    // Refused before dialling: a call past the live caps, or to an address the policy closes.
    context.live.admit(ctx.appId);
    const call = callOptions(request, {
      ...(this.#trunk === undefined ? {} : { trunk: this.#trunk }),
      ...(this.#options.sip === undefined ? {} : { sip: this.#options.sip }),
    });
    // A SIP URI is the caller's choice: its host is resolved and checked once, and the call goes
    // to that address. The trunk of a phone number is the operator's.
    if (request.endpoint.type === 'sip') call.proxy = await checkedSipHop(context.outbound, call.target);
    let connection: TelephonyConnection;
    try {
      connection = await TelephonyConnection.start(ctx.appId, request, call, {
        live: context.live,
        logger: context.logger,
        reattribute: (appId, conversationId, speakerEvents) =>
          applySpeakerTimeline(context, appId, conversationId, speakerEvents),
        origin: this.#options.origin(ctx.req),
      });
    } catch (error) {
      if (!(error instanceof SipError)) throw error;
      // The call could not be placed: 500, with the far end's SIP status said.
      return {
        status: 500,
        body: { message: `The call was not connected: ${error.message}`, sipStatus: error.sipStatus ?? null },
      };
    }
    this.#connections.set(connection.connectionId, connection);
    const { directory } = this.#options;
    await directory?.claim(ctx.appId, connection.connectionId, 'telephony');
    void connection.whenFinished().then(() => {
      const timer = setTimeout(() => {
        this.#connections.delete(connection.connectionId);
        directory?.release(ctx.appId, connection.connectionId);
      }, this.#options.endedRetentionMs ?? 600_000);
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

  /**
   * The app's call `upgrade.id` still going on here, or the node holding it.
   * @throws NotFoundError (404 at upgrade) when neither.
   */
  async #liveConnection(upgrade: WebSocketUpgrade): Promise<TelephonyConnection | ForwardUpgrade> {
    const connection = this.connection(upgrade.appId, upgrade.id);
    if (connection === undefined) {
      const holder = await this.#options.directory?.holder(upgrade.appId, upgrade.id, upgrade.forwarded);
      if (holder?.kind === 'telephony') return { forwardTo: holder.url };
    }
    if (connection === undefined || connection.ended)
      throw new NotFoundError(`No live telephony connection ${upgrade.id}`);
    return connection;
  }

  /** The answer of the node holding call `connectionId`, when another node holds it. */
  async #forward(ctx: RequestContext, connectionId: string, body: unknown): Promise<Reply | undefined> {
    const { directory } = this.#options;
    if (directory === undefined) return undefined;
    const holder = await directory.holder(ctx.appId, connectionId, directory.mark.verify(ctx.req.headers));
    if (holder?.kind !== 'telephony') return undefined;
    this.#options.context.logger.log('info', 'telephony.forwarded', { connectionId, to: holder.nodeId });
    return forwardRequest(ctx.req, body, holder.url, directory.mark);
  }
}

/** Speaker events pushed on `resultWebSocketUrl`, one JSON frame each; nothing is sent back. */
function speakerEventsIn(connection: TelephonyConnection): SocketOpener {
  return (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = TelephonyEvent.safeParse(safeJson(wsText(data)));
      if (parsed.success && parsed.data.type !== 'stopped') connection.recordSpeakerEvent(parsed.data);
    });
  };
}

/** The server's own origin as the client reached it: the URLs a start answers with are built from it. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

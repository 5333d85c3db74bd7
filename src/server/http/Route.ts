import type { IncomingMessage } from 'node:http';

/** What a handler sees of one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  /** Decoded path parameters (`:conversationId` → value). */
  readonly params: Readonly<Record<string, string>>;
  /** Raw query string without the leading `?`. */
  readonly search: string;
  /** The authenticated app; set for every route that requires auth. */
  readonly appId: string;
  /** This request's id: its `X-Request-Id` when it sent a usable one, else a new UUID. */
  readonly requestId: string;
  /** Who sent it: the peer address, or the proxy-reported client when the server trusts its proxy. */
  readonly clientAddress: string;
}

/** What a handler returns; the server serialises `body` as JSON (or writes a `StreamedBody`'s pieces). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One route: method, pattern with `:param` segments, handler, and whether a token is needed. */
export interface Route {
  method: string;
  pattern: string;
  /** Defaults to true: the request must carry a valid access token. */
  auth?: boolean;
  handle(ctx: RequestContext): Promise<Reply>;
}

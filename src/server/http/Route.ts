import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { PageGrant } from '../auth/PageGrants.ts';

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
  /** The page grant the request came with, on routes that admit one. */
  readonly grant?: PageGrant;
}

/**
 * What a handler returns. The server serialises `body` as JSON (or writes a `StreamedBody`'s
 * pieces), unless `raw` is set: then `raw` is sent as it is (bytes, or a stream opened only once
 * the headers go out) and `headers` must name its content type.
 */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  raw?: string | Buffer | (() => Readable);
}

/**
 * Who besides an app's own access token may call a route: `conversation` routes also answer a
 * read-only page grant for the conversation in `:conversationId` (or for all the app's
 * conversations); `app` routes answer only a grant for all of them. The grant may come in the
 * `access_token` query parameter too, because a media element cannot send headers.
 */
export type GrantAccess = 'conversation' | 'app';

/** One route: method, pattern with `:param` segments, handler, and whether a token is needed. */
export interface Route {
  method: string;
  pattern: string;
  /** Defaults to true: the request must carry a valid access token. */
  auth?: boolean;
  /** Unset: only an access token opens the route. */
  grant?: GrantAccess;
  handle(ctx: RequestContext): Promise<Reply>;
}

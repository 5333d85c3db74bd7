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
}

/** What a handler returns; the server serialises `body` as JSON. */
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

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorizeRequest, type RequestAuthority } from '../auth/authorizeRequest.ts';
import { type Logger, withLogContext } from '../Logger.ts';
import { type AppRateLimiter, rateLimited } from './AppRateLimiter.ts';
import { clientAddress } from './clientAddress.ts';
import { errorReply } from './errorReply.ts';
import type { Reply, RequestContext } from './Route.ts';
import type { Router } from './Router.ts';
import { sendReply } from './sendReply.ts';

/** A request id a client may choose: up to 128 of `[A-Za-z0-9._:-]`; anything else gets a fresh one. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What {@link ApiRequestHandler} needs from the server. */
export interface ApiRequestHandlerOptions {
  router: Router;
  /** Checks access tokens and page grants. */
  authority: RequestAuthority;
  rateLimiter: AppRateLimiter;
  logger: Logger;
  /** Read the client's address from `X-Forwarded-For` (set only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Added to a 404's message (e.g. why this node has fewer routes than its siblings). */
  notFoundHint?: string;
}

/**
 * The server's HTTP request path: request id, routing (404, 405), the token (or page grant) of
 * routes that need one, the app's rate limit, the route, the reply (errors mapped to their status and body), and
 * one `http.request` log line. Every answer carries `X-Request-Id`, and every log line written
 * while the request is handled carries `requestId` and, once known, `appId`.
 */
export class ApiRequestHandler {
  readonly #options: ApiRequestHandlerOptions;

  constructor(options: ApiRequestHandlerOptions) {
    this.#options = options;
  }

  /** The `request` listener of the HTTP server. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
    const fields: Record<string, unknown> = { requestId };
    void withLogContext(fields, () => this.#respond(req, res, requestId, fields));
  };

  async #respond(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const { logger } = this.#options;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const search = q === -1 ? '' : target.slice(q + 1);
    const headers: Record<string, string> = { 'x-request-id': requestId };
    let reply: Reply;
    try {
      reply = await this.#dispatch(req, { method, path, search, requestId }, fields, headers);
    } catch (error) {
      const mapped = errorReply(error);
      if (mapped.unexpected) logger.log('error', 'http.unexpected_error', { method, path, error });
      reply = mapped;
      // A refused body still on its way is not read to its end: the connection closes instead.
      if (mapped.status === 413 || !req.complete) reply.headers = { ...reply.headers, connection: 'close' };
    }
    reply.headers = { ...headers, ...reply.headers };
    try {
      await sendReply(res, reply);
    } catch (error) {
      logger.log('error', 'http.send_failed', { method, path, error });
      res.destroy();
    }
    logger.log('info', 'http.request', {
      method,
      path,
      status: reply.status,
      ms: Math.round(performance.now() - started),
    });
  }

  async #dispatch(
    req: IncomingMessage,
    request: { method: string; path: string; search: string; requestId: string },
    fields: Record<string, unknown>,
    headers: Record<string, string>,
  ): Promise<Reply> {
    const { router, authority, rateLimiter, trustProxy } = this.#options;
    const { method, path } = request;
    const match = router.match(method, path);
    if (match.kind === 'not-found') {
      const hint = this.#options.notFoundHint === undefined ? '' : ` (${this.#options.notFoundHint})`;
      return { status: 404, body: { message: `No such endpoint: ${method} ${path}${hint}` } };
    }
    if (match.kind === 'method-not-allowed') {
      return {
        status: 405,
        body: { message: `Method ${method} is not allowed here.` },
        headers: { allow: match.allowed.join(', ') },
      };
    }
    const identity = await authorizeRequest(authority, match.route, req, match.params, request.search);
    if (identity.appId !== '') {
      fields.appId = identity.appId;
      const decision = rateLimiter.take(identity.appId);
      Object.assign(headers, decision.headers);
      if (!decision.allowed) throw rateLimited(decision);
    }
    const ctx: RequestContext = {
      ...request,
      ...identity,
      req,
      params: match.params,
      clientAddress: clientAddress(req, trustProxy),
    };
    return match.route.handle(ctx);
  }
}

import { TOKEN_PATH, TokenRequest, TokenResponse } from '../../model/auth.ts';
import { parse } from '../../model/parse.ts';
import type { Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';

/** POST /oauth2/token:generate; the only route without a token. */
export function tokenRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: TOKEN_PATH,
      auth: false,
      async handle(ctx) {
        const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
        const request = parse(TokenRequest, body, 'token request');
        const token = await server.tokens.generate(request.appId, request.appSecret, ctx.clientAddress);
        return { status: 200, body: responseBody(TokenResponse, token, 'token response') };
      },
    },
  ];
}

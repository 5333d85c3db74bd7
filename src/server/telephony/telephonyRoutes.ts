import type { Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { TelephonyService } from './TelephonyService.ts';

/** The Telephony API's HTTP routes: `POST /v1/endpoint:connect` (start and stop) and `POST /v1/event/{connectionId}`. */
export function telephonyRoutes(server: ServerContext, telephony: TelephonyService): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/endpoint:connect',
      async handle(ctx) {
        return telephony.connect(ctx, await readJsonBody(ctx.req, server.limits.jsonBodyBytes));
      },
    },
    {
      method: 'POST',
      pattern: '/v1/event/:connectionId',
      async handle(ctx) {
        return telephony.event(ctx, await readJsonBody(ctx.req, server.limits.jsonBodyBytes));
      },
    },
  ];
}

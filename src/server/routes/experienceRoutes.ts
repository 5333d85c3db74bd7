import { ValidationError } from '../../errors/ValidationError.ts';
import { InsightsUiQuery, InsightsUiUrl } from '../../model/callScore.ts';
import { ExperienceRequest, ExperienceResponse } from '../../model/experiences.ts';
import type { PageLook } from '../../model/pages.ts';
import { parse } from '../../model/parse.ts';
import type { PageGrant } from '../auth/PageGrants.ts';
import { parseQuery } from '../http/parseQuery.ts';
import { forwardedOrigin, PLAIN_HOST } from '../http/publicOrigin.ts';
import type { Reply, RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { ownConversation } from './conversationRoutes.ts';

/** Default lifetime of a page link: 30 days, as Symbl's `summaryURLExpiresIn`. */
const DEFAULT_LINK_SECONDS = 2_592_000;

/**
 * The Experience API and the Insights UI links: each answers with
 * the URL of a page this server serves, carrying a signed, read-only grant (src/server/pages/README.md).
 * - `POST /v1/conversations/{id}/experiences`: `verbose-text-summary`, `video-summary` and
 *   `audio-summary` all open the conversation page; the player plays the recording the server
 *   kept, else the request's `videoUrl` / `audioUrl`. The link lasts `summaryURLExpiresIn`
 *   seconds (default 30 days; 0 never expires).
 * - `GET /v1/conversations/experiences/insights/list`: the page listing the app's conversations.
 * - `GET /v1/conversations/experiences/insights/details/{id}`: one conversation's page.
 */
export function experienceRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/conversations/:conversationId/experiences',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        return experienceReply(
          server,
          ctx,
          conversation,
          await readJsonBody(ctx.req, server.limits.jsonBodyBytes),
        );
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/experiences/insights/list',
      async handle(ctx) {
        const query = parse(InsightsUiQuery, parseQuery(ctx.search), 'insights UI query');
        const url = pageUrl(server, ctx, undefined, {
          appId: ctx.appId,
          experience: 'insights-list',
          includeCallScore: query.includeCallScore === true,
          look: {},
        });
        return { status: 200, body: responseBody(InsightsUiUrl, { url }, 'insights UI URL') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/experiences/insights/details/:conversationId',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const query = parse(InsightsUiQuery, parseQuery(ctx.search), 'insights UI query');
        const url = pageUrl(server, ctx, undefined, {
          appId: ctx.appId,
          conversationId: conversation.id,
          experience: 'insights-details',
          includeCallScore: query.includeCallScore === true,
          look: {},
        });
        return { status: 200, body: responseBody(InsightsUiUrl, { url }, 'insights UI URL') };
      },
    },
  ];
}

/**
 * Answers an experience request for `conversation` (also what the Go SDK's `POST …/summary` with an
 * experience body gets).
 */
export function experienceReply(
  server: ServerContext,
  ctx: RequestContext,
  conversation: ConversationRecord,
  body: unknown,
): Reply {
  const request = parse(ExperienceRequest, body, 'experience request');
  const look: PageLook = {
    ...(request.logo === undefined ? {} : { logo: request.logo }),
    ...(request.favicon === undefined ? {} : { favicon: request.favicon }),
    ...(request.color?.background === undefined ? {} : { background: request.color.background }),
    ...(request.color?.topicsFilter === undefined ? {} : { topicsFilter: request.color.topicsFilter }),
    ...(request.color?.insightsFilter === undefined ? {} : { insightsFilter: request.color.insightsFilter }),
    ...(request.font?.family === undefined ? {} : { fontFamily: request.font.family }),
  };
  const mediaUrl = request.videoUrl ?? request.audioUrl;
  const url = pageUrl(server, ctx, request.summaryURLExpiresIn, {
    appId: ctx.appId,
    conversationId: conversation.id,
    experience: request.name,
    includeCallScore: true,
    look: mediaUrl === undefined ? look : { ...look, mediaUrl },
    ...(request.connectionId === undefined ? {} : { connectionId: request.connectionId }),
  });
  return {
    status: 200,
    body: responseBody(ExperienceResponse, { name: request.name, url }, 'experience response'),
  };
}

function pageUrl(
  server: ServerContext,
  ctx: RequestContext,
  lifetimeSeconds: number | undefined,
  grant: Omit<PageGrant, 'expiresAt'>,
): string {
  const token = server.grants.issue(grant, lifetimeSeconds ?? DEFAULT_LINK_SECONDS);
  const path =
    grant.conversationId === undefined
      ? '/pages/conversations'
      : `/pages/conversations/${encodeURIComponent(grant.conversationId)}`;
  return `${baseUrl(server, ctx)}${path}?grant=${token}`;
}

/**
 * The configured public URL; else, behind a trusted proxy, the scheme and host it forwarded; else
 * the Host this request came to (refused when it is not a plain host). Unlike the links telephony
 * hands to third parties, this one goes back to the authenticated caller who chose the Host, so
 * the Host is honoured rather than replaced by the listening address (which behind NAT or on a
 * wildcard address is rarely what the caller's browser can reach).
 */
function baseUrl(server: ServerContext, ctx: RequestContext): string {
  if (server.publicUrl !== undefined) return server.publicUrl;
  const forwarded = server.trustProxy ? forwardedOrigin(ctx.req) : undefined;
  if (forwarded !== undefined) return forwarded;
  const host = ctx.req.headers.host ?? '';
  if (!PLAIN_HOST.test(host)) {
    throw new ValidationError('experience request', [
      {
        path: 'Host',
        message: 'the request has no usable Host header; start the server with a public URL (--public-url)',
      },
    ]);
  }
  return `http://${host}`;
}

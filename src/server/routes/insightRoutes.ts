import type { z } from 'zod';
import { EntitiesResponse } from '../../model/entities.ts';
import {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../../model/insights.ts';
import { MembersResponse } from '../../model/members.ts';
import { parse } from '../../model/parse.ts';
import { TopicsQuery, TopicsResponse } from '../../model/topics.ts';
import { TrackersDetectedResponse } from '../../model/trackersDetected.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { Route } from '../http/Route.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { InsightKind } from '../store/StoreRecords.ts';
import { ownConversation } from './conversationRoutes.ts';

/**
 * Read routes over the insights a job stored. Data of a job
 * still running may be partial; missing results are empty lists, never 404s.
 */
export function insightRoutes(server: ServerContext): Route[] {
  const list = (path: string, kind: InsightKind, key: string, schema: z.ZodType): Route => ({
    method: 'GET',
    pattern: `/v1/conversations/:conversationId/${path}`,
    grant: 'conversation',
    async handle(ctx) {
      const conversation = await ownConversation(server, ctx);
      const items = (await server.store.listInsights(conversation.id, [kind])).map((i) => i.body);
      return { status: 200, body: responseBody(schema, { [key]: items }, path) };
    },
  });
  const trackers = (path: string): Route => ({
    method: 'GET',
    pattern: `/v1/conversations/:conversationId/${path}`,
    grant: 'conversation',
    async handle(ctx) {
      const conversation = await ownConversation(server, ctx);
      const items = (await server.store.listInsights(conversation.id, ['tracker'])).map((i) => i.body);
      return { status: 200, body: responseBody(TrackersDetectedResponse, items, path) };
    },
  });
  return [
    list('questions', 'question', 'questions', QuestionsResponse),
    list('action-items', 'action_item', 'actionItems', ActionItemsResponse),
    list('follow-ups', 'follow_up', 'followUps', FollowUpsResponse),
    list('entities', 'entity', 'entities', EntitiesResponse),
    trackers('trackers-detected'),
    trackers('trackers'),
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/insights',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const position = new Map(
          (await server.store.listMessages(conversation.id)).map((m) => [String(m.body.id), m.seq]),
        );
        const first = (body: Record<string, unknown>) =>
          Math.min(
            ...((body.messageIds as string[] | undefined) ?? []).map((id) => position.get(id) ?? Infinity),
          );
        const rank: Record<string, number> = { question: 0, action_item: 1, follow_up: 2 };
        const items = (
          await server.store.listInsights(conversation.id, ['question', 'action_item', 'follow_up'])
        )
          .map((i) => i.body)
          .sort((a, b) => first(a) - first(b) || (rank[String(a.type)] ?? 3) - (rank[String(b.type)] ?? 3));
        return { status: 200, body: responseBody(InsightsResponse, { insights: items }, 'insights') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/members',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        return {
          status: 200,
          body: responseBody(MembersResponse, { members: conversation.members }, 'members'),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/topics',
      grant: 'conversation',
      /**
       * Topics with `parentRefs` filled only when asked (`parentRefs=true`; otherwise every topic
       * carries `parentRefs: []`, as in the documentation's sentiment example) and `sentiment` only with
       * `sentiment=true` (ignored together with `parentRefs`, as documented). `customTopicVocabulary`
       * (or `customVocabulary`) moves topics containing one of its terms to the front; `refresh` is
       * accepted and changes nothing, since stored topics are recomputed by every job.
       */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const query = parse(TopicsQuery, parseQuery(ctx.search), 'topics query');
        const withSentiment = query.sentiment && !query.parentRefs;
        const topics = (await server.store.listInsights(conversation.id, ['topic'])).map(({ body }) => {
          const { sentiment, parentRefs, ...rest } = body;
          return {
            ...rest,
            parentRefs: query.parentRefs ? (parentRefs ?? []) : [],
            ...(withSentiment && sentiment !== undefined ? { sentiment } : {}),
          };
        });
        const terms = (query.customTopicVocabulary ?? []).map((term) => term.toLowerCase());
        const favoured = (topic: Record<string, unknown>) =>
          terms.some((term) => String(topic.text).toLowerCase().includes(term)) ? 0 : 1;
        if (terms.length > 0) topics.sort((a, b) => favoured(a) - favoured(b));
        return { status: 200, body: responseBody(TopicsResponse, { topics }, 'topics') };
      },
    },
  ];
}

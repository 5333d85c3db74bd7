import { computeCallScore } from '../../engine/callScore/computeCallScore.ts';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { AnalyticsResponse } from '../../model/analytics.ts';
import { CallScore, InsightsJobStatus } from '../../model/callScore.ts';
import { ActionItem, FollowUp, Question } from '../../model/insights.ts';
import { isTerminalJobState } from '../../model/job.ts';
import { ConversationMessage } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { ownConversation } from './conversationRoutes.ts';

/**
 * The call score: `GET …/callscore` scores the conversation from its
 * stored messages and insights (src/engine/callScore/README.md lists the criteria), and the two
 * status routes tell whether what it is computed from is ready. Parley computes the score on
 * read, so it has no job of its own: the status is that of the conversation's latest job (a
 * conversation with no job, a live one, answers with its own id and `in_progress` while live).
 */
export function callScoreRoutes(server: ServerContext): Route[] {
  const status = async (ctx: RequestContext) => {
    const conversation = await ownConversation(server, ctx);
    const jobs = await server.store.listConversationJobs(conversation.id);
    const pending = jobs.find((j) => !isTerminalJobState(j.status));
    const latest = pending ?? jobs.at(-1);
    const live = server.live.get(conversation.appId, conversation.id);
    const body =
      latest === undefined
        ? {
            jobId: conversation.id,
            status: live !== undefined && !live.completed ? 'in_progress' : 'completed',
          }
        : { jobId: latest.id, status: latest.status };
    return { status: 200, body: responseBody(InsightsJobStatus, body, 'call score status') };
  };
  return [
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/callscore',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const jobs = await server.store.listConversationJobs(conversation.id);
        if (jobs.some((j) => !isTerminalJobState(j.status))) {
          throw new NotFoundError(
            'The call score is not available yet: the conversation is still being processed. Retry when its job has completed.',
          );
        }
        const score = computeCallScore(await callScoreInput(server, conversation));
        return { status: 200, body: responseBody(CallScore, score, 'call score') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/callscore/status',
      grant: 'conversation',
      handle: status,
    },
    { method: 'GET', pattern: '/v1/conversations/:conversationId/lm-insights/status', handle: status },
  ];
}

async function callScoreInput(server: ServerContext, conversation: ConversationRecord) {
  const messages = (await server.store.listMessages(conversation.id)).map((m) =>
    parse(ConversationMessage, m.body, 'stored message'),
  );
  const insights = await server.store.listInsights(conversation.id, [
    'question',
    'action_item',
    'follow_up',
    'analytics',
  ]);
  const of = (kind: string) => insights.filter((i) => i.kind === kind).map((i) => i.body);
  return {
    messages,
    questions: of('question').map((q) => parse(Question, q, 'stored question')),
    actionItems: of('action_item').map((a) => parse(ActionItem, a, 'stored action item')),
    followUps: of('follow_up').map((f) => parse(FollowUp, f, 'stored follow-up')),
    analytics: parse(
      AnalyticsResponse,
      of('analytics')[0] ?? { metrics: [], members: [] },
      'stored analytics',
    ),
  };
}

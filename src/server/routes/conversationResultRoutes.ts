import { NotFoundError } from '../../errors/NotFoundError.ts';
import { AnalyticsResponse } from '../../model/analytics.ts';
import { isExperienceRequestBody } from '../../model/experiences.ts';
import { isTerminalJobState } from '../../model/job.ts';
import { ConversationMessage } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import { SummaryQuery, SummaryResponse } from '../../model/summary.ts';
import { FormattedTranscriptRequest, FormattedTranscriptResponse } from '../../model/transcript.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { Reply, RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import { ownConversation } from './conversationRoutes.ts';
import { experienceReply } from './experienceRoutes.ts';
import { formatTranscript } from './formatTranscript.ts';

/** The transcript options a client may put in the query string instead of the body. */
const TRANSCRIPT_QUERY_KEYS = [
  'contentType',
  'createParagraphs',
  'showSpeakerSeparation',
  'phrases',
] as const;

/**
 * Results computed over a whole conversation: analytics, summary and
 * the formatted transcript.
 */
export function conversationResultRoutes(server: ServerContext): Route[] {
  const summary = async (ctx: RequestContext): Promise<Reply> => {
    const conversation = await ownConversation(server, ctx);
    parse(SummaryQuery, parseQuery(ctx.search), 'summary query');
    if (ctx.method === 'POST') {
      const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
      if (isExperienceRequestBody(body)) return experienceReply(server, ctx, conversation, body);
    }
    const jobs = await server.store.listConversationJobs(conversation.id);
    if (jobs.some((j) => !isTerminalJobState(j.status))) {
      throw new NotFoundError(
        'The summary is not available yet: the conversation is still being processed. Retry when its job has completed.',
      );
    }
    const items = (await server.store.listInsights(conversation.id, ['summary'])).map((i) => i.body);
    return { status: 200, body: responseBody(SummaryResponse, { summary: items }, 'summary') };
  };
  return [
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/analytics',
      grant: 'conversation',
      /** Talk, silence and overlap metrics, and per-member pace and times; empty lists before any job completed. */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const [stored] = await server.store.listInsights(conversation.id, ['analytics']);
        const analytics = stored?.body ?? { metrics: [], members: [] };
        return { status: 200, body: responseBody(AnalyticsResponse, analytics, 'analytics') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/summary',
      grant: 'conversation',
      /**
       * The conversation's summary, 404 while a job of it is running. Parley summarises every
       * conversation as its jobs complete, always over all its messages, so the summary is served
       * whether or not `enableSummary` was set (undocumented: a summary is what a caller asking
       * for one expects), and `refresh=true|false` both return that current summary.
       */
      handle: summary,
    },
    {
      method: 'POST',
      pattern: '/v1/conversations/:conversationId/summary',
      /**
       * The refresh tutorial's form of GET …/summary. The Go SDK posts Summary-UI (Experience API)
       * bodies here, recognised by their `name`: they get the Experience API's answer.
       */
      handle: summary,
    },
    {
      method: 'POST',
      pattern: '/v1/conversations/:conversationId/transcript',
      grant: 'conversation',
      /**
       * The transcript as Markdown, SRT or WebVTT (see {@link formatTranscript}). Options come in the JSON
       * body; `contentType`, `createParagraphs`, `showSpeakerSeparation` and `phrases` are also
       * read from the query string (the body wins), with string booleans accepted.
       */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
        const query = parseQuery(ctx.search);
        const fromQuery: Record<string, unknown> = {};
        for (const key of TRANSCRIPT_QUERY_KEYS) if (query[key] !== undefined) fromQuery[key] = query[key];
        const merged =
          body === undefined
            ? fromQuery
            : typeof body === 'object' && body !== null && !Array.isArray(body)
              ? { ...fromQuery, ...body }
              : body;
        const request = parse(FormattedTranscriptRequest, merged, 'transcript request');
        const messages = (await server.store.listMessages(conversation.id)).map((m) =>
          parse(ConversationMessage, m.body, 'stored message'),
        );
        const insights = (await server.store.listInsights(conversation.id, ['action_item', 'follow_up'])).map(
          (i) => i.body as { messageIds?: string[]; phrases?: Array<{ text: string }> },
        );
        const startMs = Date.parse(conversation.startTime ?? conversation.createdAt);
        const transcript = formatTranscript(messages, insights, request, startMs);
        return {
          status: 200,
          body: responseBody(FormattedTranscriptResponse, { transcript }, 'transcript'),
        };
      },
    },
  ];
}

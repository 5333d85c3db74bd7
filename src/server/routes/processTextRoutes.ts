import { mergeAsyncOptionSources, readAsyncQuery, TextProcessRequest } from '../../model/asyncApi.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { checkTrackerReferences } from './checkTrackerReferences.ts';
import { ownConversation } from './conversationRoutes.ts';
import { scheduleConversationJob } from './scheduleConversationJob.ts';

/** POST /v1/process/text and PUT /v1/process/text/{conversationId}. */
export function processTextRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/process/text',
      handle: (ctx) => submitText(server, ctx, undefined),
    },
    {
      method: 'PUT',
      pattern: '/v1/process/text/:conversationId',
      async handle(ctx) {
        return submitText(server, ctx, await ownConversation(server, ctx));
      },
    },
  ];
}

async function submitText(
  server: ServerContext,
  ctx: RequestContext,
  existing: ConversationRecord | undefined,
) {
  const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
  const { messages, ...options } = parse(
    TextProcessRequest,
    mergeAsyncOptionSources(readAsyncQuery(ctx.search), body ?? {}),
    'text submission',
  );
  await checkTrackerReferences(server.store, ctx.appId, options.trackers);
  return scheduleConversationJob(server, ctx, existing, {
    input: { type: 'text', messages },
    options,
    logFields: { kind: 'text' },
  });
}

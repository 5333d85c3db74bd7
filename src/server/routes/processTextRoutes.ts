import { randomUUID } from 'node:crypto';
import {
  AsyncSubmitResponse,
  mergeAsyncOptionSources,
  readAsyncQuery,
  TextProcessRequest,
} from '../../model/asyncApi.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { numericId } from '../ids.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { checkTrackerReferences } from './checkTrackerReferences.ts';
import { ownConversation } from './conversationRoutes.ts';

/** POST /v1/process/text and PUT /v1/process/text/{conversationId} (async-api.md 1, 5). */
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
  const webhookUrl = options.webhookUrl;
  const conversationId = existing?.id ?? numericId();
  const jobId = randomUUID();
  const now = new Date().toISOString();
  await server.store.enqueueJob({
    job: {
      id: jobId,
      appId: ctx.appId,
      conversationId,
      append: existing !== undefined,
      input: { type: 'text', messages },
      options,
      ...(webhookUrl === undefined ? {} : { webhookUrl }),
    },
    ...(existing === undefined
      ? {
          createConversation: {
            id: conversationId,
            appId: ctx.appId,
            type: 'meeting',
            name: options.name ?? conversationId,
            members: [],
            metadata: options.metadata ?? {},
            createdAt: now,
          },
        }
      : {}),
    maxActiveJobsPerApp: server.limits.activeJobsPerApp,
  });
  server.logger.log('info', 'job.scheduled', { jobId, conversationId, appId: ctx.appId, kind: 'text' });
  server.notifier.notify(webhookUrl, { jobId, status: 'scheduled', conversationId });
  server.queue.wake();
  return {
    status: 201,
    body: responseBody(AsyncSubmitResponse, { conversationId, jobId }, 'submit response'),
  };
}

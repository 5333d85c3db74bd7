import { ValidationError } from '../../errors/ValidationError.ts';
import {
  mergeAsyncOptionSources,
  readAsyncQuery,
  type TextMessage,
  TextProcessRequest,
} from '../../model/asyncApi.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { checkSubmitOptions } from './checkSubmitOptions.ts';
import { checkTrackerReferences } from './checkTrackerReferences.ts';
import { ownConversation } from './conversationRoutes.ts';
import { scheduleConversationJob } from './scheduleConversationJob.ts';

/**
 * POST /v1/process/text and PUT /v1/process/text/{conversationId}. Messages longer than the
 * server's cap are refused at submit (400 naming the message), not left to fail in the job.
 */
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
  checkMessageLengths(messages, server.limits.messageChars);
  checkSubmitOptions(server, options);
  await checkTrackerReferences(server.store, ctx.appId, options.trackers);
  return scheduleConversationJob(server, ctx, existing, {
    input: { type: 'text', messages },
    options,
    logFields: { kind: 'text' },
  });
}

function checkMessageLengths(messages: readonly TextMessage[], maxChars: number): void {
  const issues = messages.flatMap((message, i) =>
    message.payload.content.length > maxChars
      ? [
          {
            path: `messages[${i}].payload.content`,
            message: `is ${message.payload.content.length} characters; at most ${maxChars} are accepted`,
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new ValidationError('text submission', issues.slice(0, 10));
}

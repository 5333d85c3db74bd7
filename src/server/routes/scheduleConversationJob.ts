import { randomUUID } from 'node:crypto';
import { AsyncSubmitResponse } from '../../model/asyncApi.ts';
import type { Reply, RequestContext } from '../http/Route.ts';
import { responseBody } from '../http/responseBody.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord, JobInput } from '../store/StoreRecords.ts';

/** What a submit endpoint hands to {@link scheduleConversationJob}. */
export interface ConversationJobRequest {
  input: JobInput;
  /** The parsed submit options, stored with the job. */
  options: Record<string, unknown> & {
    name?: string | undefined;
    metadata?: Record<string, string> | undefined;
    webhookUrl?: string | undefined;
  };
  /** When the recording began, for a new conversation (the media `startTime` extension). */
  startTime?: string;
  /** Extra fields of the `job.scheduled` log line. */
  logFields: Record<string, unknown>;
}

/**
 * Stores a job of a new conversation (POST, created in the same transaction) or of `existing`
 * (PUT append) with its `scheduled` webhook delivery, logs it, wakes the queue and the webhook
 * sender, and answers 201 with the ids.
 * Throws RateLimitError past the app's unfinished-job limit.
 */
export async function scheduleConversationJob(
  server: ServerContext,
  ctx: RequestContext,
  existing: ConversationRecord | undefined,
  request: ConversationJobRequest,
): Promise<Reply> {
  const { input, options, startTime } = request;
  const webhookUrl = options.webhookUrl;
  const conversationId = existing?.id ?? randomNumericId();
  const jobId = randomUUID();
  await server.store.enqueueJob({
    job: {
      id: jobId,
      appId: ctx.appId,
      conversationId,
      append: existing !== undefined,
      input,
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
            ...(startTime === undefined ? {} : { startTime }),
            createdAt: new Date().toISOString(),
          },
        }
      : {}),
    maxActiveJobsPerApp: server.limits.activeJobsPerApp,
  });
  server.logger.log('info', 'job.scheduled', {
    jobId,
    conversationId,
    appId: ctx.appId,
    ...request.logFields,
  });
  // The job wakes the queues through the store (every node's, on PostgreSQL).
  server.webhooks.wake();
  return {
    status: 201,
    body: responseBody(AsyncSubmitResponse, { conversationId, jobId }, 'submit response'),
  };
}

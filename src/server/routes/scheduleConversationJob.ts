import { randomUUID } from 'node:crypto';
import type { RecordedTime } from '../../engine/audio/probeMedia.ts';
import { conversationStartTime } from '../../engine/time/conversationStartTime.ts';
import { conversationZone } from '../../engine/time/conversationZone.ts';
import { TimeZone } from '../../engine/time/TimeZone.ts';
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
    timezone?: string | undefined;
    timezoneOffset?: number | undefined;
  };
  /** When the recording began, for a new conversation (the media `startTime` extension). */
  startTime?: string | undefined;
  /** When the submitted recording was made, as its container states it (media only). */
  recorded?: RecordedTime | undefined;
  /** Extra fields of the `job.scheduled` log line. */
  logFields: Record<string, unknown>;
}

/**
 * Stores a job of a new conversation (POST, created in the same transaction) or of `existing`
 * (PUT append) with its `scheduled` webhook delivery, logs it, wakes the queue and the webhook
 * sender, and answers 201 with the ids. A new conversation gets its zone (the request's
 * `timezone` or `timezoneOffset`, else the server's default) and, for media, its start: the
 * stated `startTime`, else when the recording was made, else now. Throws RateLimitError past the
 * app's unfinished-job limit, ValidationError for a zone the runtime does not know.
 */
export async function scheduleConversationJob(
  server: ServerContext,
  ctx: RequestContext,
  existing: ConversationRecord | undefined,
  request: ConversationJobRequest,
): Promise<Reply> {
  const { input, options } = request;
  const webhookUrl = options.webhookUrl;
  const now = Date.now();
  const ownZone = existing?.timeZone === undefined ? undefined : TimeZone.find(existing.timeZone);
  // Checked now, so a zone the runtime does not know is a 400 rather than a failed job.
  const timeZone = conversationZone(
    { timeZone: options.timezone, timezoneOffset: options.timezoneOffset },
    ownZone ?? server.timeZone,
    'timezone',
  );
  const startTime =
    request.startTime !== undefined || input.type === 'media'
      ? new Date(
          conversationStartTime({ stated: request.startTime, recorded: request.recorded, timeZone, now }),
        ).toISOString()
      : undefined;
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
            timeZone: timeZone.name,
            createdAt: new Date(now).toISOString(),
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

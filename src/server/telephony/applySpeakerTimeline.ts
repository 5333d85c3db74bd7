import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../errors/ConflictError.ts';
import type { SpeakerTimelineEvent } from '../../model/speakerEvents.ts';
import { awaitJob } from '../jobs/awaitJob.ts';
import type { ServerContext } from '../ServerContext.ts';

/**
 * Re-attributes a stored conversation by a speaker timeline with the same durable job as
 * `PUT /v1/conversations/{id}/speakers`, and waits for it (bounded by `reattributionWaitMs`; past
 * that the job finishes on its own). A failed job is a ConflictError with its reason.
 */
export async function applySpeakerTimeline(
  server: ServerContext,
  appId: string,
  conversationId: string,
  speakerEvents: SpeakerTimelineEvent[],
): Promise<void> {
  const jobId = randomUUID();
  await server.store.enqueueJob({
    job: {
      id: jobId,
      appId,
      conversationId,
      append: true,
      input: { type: 'speaker-events', speakerEvents },
      options: {},
    },
    maxActiveJobsPerApp: server.limits.activeJobsPerApp,
  });
  const job = await awaitJob(server.store, appId, jobId, server.limits.reattributionWaitMs);
  if (job?.status === 'failed')
    throw new ConflictError(job.error ?? 'The speaker timeline could not be applied.');
}

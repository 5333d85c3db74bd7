import { rm } from 'node:fs/promises';
import type { Logger } from '../Logger.ts';
import type { JobRecord } from '../store/StoreRecords.ts';

/**
 * Deletes a finished job's stored media. Called only once the job is terminal in the store: a job
 * interrupted mid-run keeps its file, because the run that resumes it after a restart needs it.
 * A completed job that keeps its media (`keepMedia`) is not discarded here but with its
 * conversation.
 */
export async function discardJobMedia(job: JobRecord, logger: Logger): Promise<void> {
  if (job.input.type !== 'media') return;
  try {
    await rm(job.input.path, { force: true });
  } catch (error) {
    logger.log('warn', 'job.media_delete_failed', { jobId: job.id, path: job.input.path, error });
  }
}

import { rm } from 'node:fs/promises';
import type { JobState } from '../../model/job.ts';
import type { Logger } from '../Logger.ts';
import type { JobRecord } from '../store/StoreRecords.ts';

/**
 * Deletes a finished job's stored media. Called only once the job is terminal in the store: a job
 * interrupted mid-run keeps its file, because the run that resumes it after a restart needs it.
 * A completed job that keeps its media (`keepMedia`, for the conversation page's player) is left
 * alone: its file goes when the conversation is deleted.
 */
export async function discardJobMedia(job: JobRecord, logger: Logger, status: JobState): Promise<void> {
  if (job.input.type !== 'media') return;
  if (status === 'completed' && job.input.keep === true) return;
  try {
    await rm(job.input.path, { force: true });
  } catch (error) {
    logger.log('warn', 'job.media_delete_failed', { jobId: job.id, path: job.input.path, error });
  }
}

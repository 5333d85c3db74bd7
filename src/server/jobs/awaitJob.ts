import type { Store } from '../store/Store.ts';
import type { JobRecord } from '../store/StoreRecords.ts';

/**
 * The job once it is completed or failed, or as it is when `timeoutMs` runs out (still
 * scheduled or in progress: it stays durable and finishes later). Polls the store, so it also
 * sees jobs another node runs.
 */
export async function awaitJob(
  store: Store,
  appId: string,
  jobId: string,
  timeoutMs: number,
  pollMs = 25,
): Promise<JobRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await store.getJob(appId, jobId);
    if (job === undefined || job.status === 'completed' || job.status === 'failed') return job;
    if (Date.now() >= deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

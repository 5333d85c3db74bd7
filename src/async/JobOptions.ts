/**
 * How a {@link Job} watches its job: the first poll comes `intervalMs` after submission, each
 * later one `backoff` times later than the previous, at most `maxIntervalMs` apart, and the whole
 * wait ends with a TimeoutError after `deadlineMs` (the job itself runs on; watch it again with
 * `client.job(jobId, conversationId)`).
 */
export interface JobOptions {
  /** Default 1000 ms. */
  intervalMs: number;
  /** Default 1.5. */
  backoff: number;
  /** Default 10 s. */
  maxIntervalMs: number;
  /** Default 1 hour: a 4-hour recording (the API's limit) takes the engine about 25 minutes. */
  deadlineMs: number;
}

/** The defaults documented on {@link JobOptions}. */
export const DEFAULT_JOB_OPTIONS: Readonly<JobOptions> = Object.freeze({
  intervalMs: 1_000,
  backoff: 1.5,
  maxIntervalMs: 10_000,
  deadlineMs: 60 * 60 * 1_000,
});

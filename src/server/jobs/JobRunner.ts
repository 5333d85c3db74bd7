import type { JobProgress } from '../../model/job.ts';
import type {
  ConversationRecord,
  JobOutcome,
  JobRecord,
  MessageRecord,
  TrackerRecord,
} from '../store/StoreRecords.ts';

/** Everything a runner needs for one job. */
export interface JobWork {
  /** The job; `job.input` holds the text messages or the path of the stored media. */
  job: JobRecord;
  /** The conversation as it was when the job started (members, times, name). */
  conversation: ConversationRecord;
  /** Messages already in the conversation from earlier jobs (appends build on them). */
  priorMessages: readonly MessageRecord[];
  /** Earlier completed jobs of the conversation, in order (a runner may replay their input). */
  priorJobs: readonly JobRecord[];
  /** The app's managed trackers when the job started (for `trackers: [{id}]` and `enableAllTrackers`). */
  managedTrackers?: readonly TrackerRecord[];
}

/**
 * Turns a job's input into results. Pluggable: the server takes one runner for every job kind
 * and fails jobs it cannot handle with the runner's error. A runner must not write to the store;
 * the queue writes its outcome atomically with the job's completion. `signal` aborts when the
 * server shuts down or loses the job's lease: stop at the next safe point and reject. A runner
 * may call `onProgress` as often as it likes; the queue decides how often the store hears of it.
 */
export interface JobRunner {
  run(work: JobWork, signal: AbortSignal, onProgress?: (progress: JobProgress) => void): Promise<JobOutcome>;
  /** Releases what the runner holds (threads, models); called when the server closes. */
  close?(): Promise<void>;
}

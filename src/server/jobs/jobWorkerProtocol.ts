import type { JobProgress } from '../../model/job.ts';
import type { JobOutcome } from '../store/StoreRecords.ts';
import type { JobWork } from './JobRunner.ts';

/** What the worker thread is told at start: which runner factory to load. */
export interface JobWorkerData {
  /** `file:` URL of the module exporting the factory. */
  moduleUrl: string;
  /** Name of the exported `(options) => JobRunner` factory. */
  exportName: string;
  /** Passed to the factory (plain data: it is copied to the thread). */
  runnerOptions?: unknown;
}

/** Main thread → worker: run one job. */
export interface JobWorkerRequest {
  id: number;
  work: JobWork;
}

/** A runner error carried across the thread boundary. */
export interface JobWorkerError {
  name: string;
  message: string;
  /** Set when the error was a ParleyError (a reason to fail the job, not a crash). */
  code?: string;
  status?: number;
}

/** Worker → main thread: progress of one job (any number), then its outcome or why it failed. */
export type JobWorkerResponse =
  | { id: number; progress: JobProgress }
  | { id: number; outcome: JobOutcome }
  | { id: number; error: JobWorkerError };

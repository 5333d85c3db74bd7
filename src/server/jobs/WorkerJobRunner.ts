import { Worker } from 'node:worker_threads';
import { ParleyError } from '../../errors/ParleyError.ts';
import type { JobProgress } from '../../model/job.ts';
import type { JobOutcome } from '../store/StoreRecords.ts';
import type { JobRunner, JobWork } from './JobRunner.ts';
import type { JobWorkerData, JobWorkerRequest, JobWorkerResponse } from './jobWorkerProtocol.ts';
import { siblingModuleUrl } from './siblingModuleUrl.ts';

/** Options of {@link WorkerJobRunner}. */
export interface WorkerJobRunnerOptions {
  /** Module exporting the runner factory; default the insight engine's conversationJobRunner. */
  moduleUrl?: string;
  exportName?: string;
  /** Plain data handed to the factory on each thread (default: the factory's own defaults). */
  runnerOptions?: unknown;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * Runs another runner on worker threads, so CPU-heavy analysis never blocks the HTTP server.
 * Threads start on first use and are reused, one per job running at once (the queue bounds
 * that); a job aborted mid-run (shutdown, lost lease) takes its thread down with it, which is
 * the only way to stop synchronous work.
 */
export class WorkerJobRunner implements JobRunner {
  readonly #data: JobWorkerData;
  readonly #slots: Slot[] = [];
  #nextId = 0;

  constructor(options: WorkerJobRunnerOptions = {}) {
    this.#data = {
      moduleUrl: options.moduleUrl ?? siblingModuleUrl('./conversationJobRunner.ts', import.meta.url),
      exportName: options.exportName ?? 'conversationJobRunner',
      ...(options.runnerOptions === undefined ? {} : { runnerOptions: options.runnerOptions }),
    };
  }

  async run(
    work: JobWork,
    signal: AbortSignal,
    onProgress?: (progress: JobProgress) => void,
  ): Promise<JobOutcome> {
    signal.throwIfAborted();
    const slot = this.#take();
    const id = this.#nextId++;
    try {
      return await new Promise<JobOutcome>((resolve, reject) => {
        const onMessage = (response: JobWorkerResponse) => {
          if (response.id !== id) return;
          if ('progress' in response) {
            onProgress?.(response.progress);
            return;
          }
          cleanup();
          if ('outcome' in response) resolve(response.outcome);
          else reject(toError(response.error));
        };
        const onError = (error: Error) => {
          cleanup();
          this.#drop(slot);
          reject(error);
        };
        const onExit = (code: number) => {
          cleanup();
          this.#drop(slot);
          reject(new Error(`job worker exited with code ${code}`));
        };
        const onAbort = () => {
          cleanup();
          this.#drop(slot);
          void slot.worker.terminate();
          reject(signal.reason);
        };
        const cleanup = () => {
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
          slot.worker.off('exit', onExit);
          signal.removeEventListener('abort', onAbort);
        };
        slot.worker.on('message', onMessage);
        slot.worker.on('error', onError);
        slot.worker.on('exit', onExit);
        signal.addEventListener('abort', onAbort, { once: true });
        slot.worker.postMessage({ id, work } satisfies JobWorkerRequest);
      });
    } finally {
      slot.busy = false;
    }
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #take(): Slot {
    const idle = this.#slots.find((slot) => !slot.busy);
    if (idle !== undefined) {
      idle.busy = true;
      return idle;
    }
    // The queue runs a bounded number of jobs at once, so the pool never grows past that.
    return this.#spawn(true);
  }

  /**
   * Starts threads ahead of the first job (loading the engine takes seconds), up to `count`
   * idle ones.
   */
  warm(count: number): void {
    const idle = this.#slots.filter((slot) => !slot.busy).length;
    for (let i = idle; i < count; i++) this.#spawn(false);
  }

  #spawn(busy: boolean): Slot {
    const worker = new Worker(new URL('./jobWorker.mjs', import.meta.url), { workerData: this.#data });
    const slot: Slot = { worker, busy };
    // A thread that dies while idle leaves the pool; the next job starts a fresh one.
    worker.on('error', () => this.#drop(slot));
    worker.on('exit', () => this.#drop(slot));
    this.#slots.push(slot);
    return slot;
  }

  #drop(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index !== -1) this.#slots.splice(index, 1);
  }
}

function toError(error: { name: string; message: string; code?: string; status?: number }): Error {
  if (error.code !== undefined) {
    return new ParleyError(
      error.code,
      error.message,
      error.status === undefined ? {} : { status: error.status },
    );
  }
  const crash = new Error(error.message);
  crash.name = error.name;
  return crash;
}

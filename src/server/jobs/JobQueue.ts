import { randomUUID } from 'node:crypto';
import {
  asyncScheduler,
  catchError,
  concatMap,
  EMPTY,
  from,
  Subject,
  type Subscription,
  throttleTime,
} from 'rxjs';
import { ParleyError } from '../../errors/ParleyError.ts';
import type { JobProgress } from '../../model/job.ts';
import { type Logger, withLogContext } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import type { JobOutcome, JobRecord } from '../store/StoreRecords.ts';
import { coalescedRunner } from './coalescedRunner.ts';
import { discardJobMedia } from './discardJobMedia.ts';
import type { JobRunner } from './JobRunner.ts';

/** Options of {@link JobQueue}. */
export interface JobQueueOptions {
  store: Store;
  runner: JobRunner;
  logger: Logger;
  /** Identifies this process's claims (default a random id). */
  owner?: string;
  /** Called after a job's status changed in the store (its webhook delivery is written with it). */
  onStatusChange?: () => void;
  /**
   * Runs a job may start before it is given up (default 3). Only runs ended by the server dying
   * count: a graceful shutdown hands the job back without using up an attempt.
   */
  maxAttempts?: number;
  /** Jobs running at once in this process. */
  concurrency?: number;
  /** How long a claim lasts without renewal; a dead worker's jobs are taken over after it. */
  leaseMs?: number;
  /**
   * How often to look for runnable jobs when not woken: expired leases (a dead worker's jobs),
   * and, on SQLite, jobs other processes submitted. Submissions, hand-backs and job ends wake the
   * queue at once through the store ({@link Store.jobWakeups}).
   */
  pollMs?: number;
  /** Least time between two progress writes of one job (default 1 s; the latest report wins). */
  progressIntervalMs?: number;
}

interface RunningJob {
  job: JobRecord;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs durable jobs from the store. Each claim holds a lease that a heartbeat renews; a process
 * killed mid-job leaves a lease that expires, and the next claimer (after a restart, or another
 * node) runs the job again. Results are written with the completion in one transaction that
 * checks the lease, so a job that ran twice still writes its messages once.
 */
export class JobQueue {
  readonly #store: Store;
  readonly #runner: JobRunner;
  readonly #logger: Logger;
  readonly #onStatusChange: () => void;
  readonly #maxAttempts: number;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #progressIntervalMs: number;
  /** Identifies this process's claims. */
  readonly owner: string;
  readonly #running = new Map<string, RunningJob>();
  #timer: NodeJS.Timeout | undefined;
  #wakeups: Subscription | undefined;
  #accepting = false;
  readonly #pumpOnce = coalescedRunner(
    () => this.#pump(),
    (error) => this.#logger.log('error', 'jobs.claim_failed', { error }),
  );

  constructor(options: JobQueueOptions) {
    this.#store = options.store;
    this.#runner = options.runner;
    this.#logger = options.logger;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.#onStatusChange = options.onStatusChange ?? (() => undefined);
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 500;
    this.#progressIntervalMs = options.progressIntervalMs ?? 1_000;
  }

  /** Starts claiming jobs, including those a dead process left behind. */
  start(): void {
    if (this.#accepting) return;
    this.#accepting = true;
    this.#timer = setInterval(() => this.wake(), this.#pollMs);
    this.#timer.unref();
    this.#wakeups = this.#store.jobWakeups().subscribe(() => this.wake());
    this.wake();
  }

  /** Looks for work now. */
  wake(): void {
    if (!this.#accepting) return;
    this.#pumpOnce();
  }

  /** Number of jobs running in this process. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Stops claiming. Running jobs get `graceMs` to finish; the rest are aborted and handed back
   * (their lease ends now) so the next start resumes them at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#accepting = false;
    clearInterval(this.#timer);
    this.#wakeups?.unsubscribe();
    const all = () => Promise.allSettled([...this.#running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!timedOut) return;
    const left = [...this.#running.values()];
    for (const running of left) running.controller.abort(new Error('server shutting down'));
    await Promise.allSettled(left.map((r) => this.#store.releaseJob(r.job.id, this.owner)));
    this.#logger.log('info', 'jobs.released', { jobIds: left.map((r) => r.job.id) });
  }

  async #pump(): Promise<void> {
    while (this.#accepting && this.#running.size < this.#concurrency) {
      const job = await this.#store.claimJob(this.owner, this.#leaseMs, undefined, this.#maxAttempts);
      this.#onStatusChange();
      if (job === undefined) return;
      const controller = new AbortController();
      const running: RunningJob = { job, controller, done: Promise.resolve() };
      const fields = { jobId: job.id, appId: job.appId, conversationId: job.conversationId };
      running.done = withLogContext(fields, () => this.#run(job, controller)).finally(() => {
        this.#running.delete(job.id);
        this.wake();
      });
      this.#running.set(job.id, running);
    }
  }

  async #run(job: JobRecord, controller: AbortController): Promise<void> {
    const { signal } = controller;
    this.#logger.log('info', 'job.started', { attempt: job.attempts });
    const heartbeat = setInterval(
      () => {
        void this.#store.renewLease(job.id, this.owner, this.#leaseMs).then(
          (held) => {
            if (!held) controller.abort(new Error('lease lost'));
          },
          (error: unknown) => this.#logger.log('warn', 'job.lease_renew_failed', { jobId: job.id, error }),
        );
      },
      Math.max(50, Math.floor(this.#leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const conversation = await this.#store.getConversation(job.appId, job.conversationId);
      if (conversation === undefined) {
        await this.#finishFailed(job, 'The conversation no longer exists.');
        return;
      }
      const priorMessages = (await this.#store.listMessages(job.conversationId)).filter(
        (m) => m.jobId !== job.id,
      );
      const priorJobs = (await this.#store.listConversationJobs(job.conversationId)).filter(
        (j) => j.seq < job.seq && j.status === 'completed',
      );
      const managedTrackers = await this.#store.listTrackers(job.appId);
      const progress = new Subject<JobProgress>();
      const recording = this.#recordProgress(job, progress);
      let outcome: JobOutcome;
      try {
        outcome = await this.#runner.run(
          { job, conversation, priorMessages, priorJobs, managedTrackers },
          signal,
          (report) => progress.next(report),
        );
      } finally {
        recording.unsubscribe();
      }
      signal.throwIfAborted();
      if (!(await this.#store.completeJob(job.id, this.owner, outcome))) {
        this.#logger.log('warn', 'job.lease_lost', { jobId: job.id });
        return;
      }
      const finished = await this.#store.getJob(job.appId, job.id);
      const status = finished?.status ?? 'completed';
      this.#logger.log('info', `job.${status}`, { jobId: job.id, messages: outcome.messages.length });
      this.#onStatusChange();
      await discardJobMedia(job, this.#logger, status);
    } catch (error) {
      if (signal.aborted) {
        this.#logger.log('info', 'job.interrupted', { jobId: job.id, reason: String(signal.reason) });
        return;
      }
      const reason =
        error instanceof ParleyError ? error.message : 'The job failed because of a server error.';
      if (!(error instanceof ParleyError)) this.#logger.log('error', 'job.crashed', { jobId: job.id, error });
      await this.#finishFailed(job, reason);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Writes the runner's progress reports to the store, the first at once and then at most one
   * per interval (the latest), so a runner reporting every block of audio costs a write a second.
   */
  #recordProgress(job: JobRecord, reports: Subject<JobProgress>) {
    return reports
      .pipe(
        throttleTime(this.#progressIntervalMs, asyncScheduler, { leading: true, trailing: true }),
        concatMap((report) =>
          from(this.#store.recordJobProgress(job.id, this.owner, report)).pipe(
            catchError((error: unknown) => {
              this.#logger.log('warn', 'job.progress_write_failed', { jobId: job.id, error });
              return EMPTY;
            }),
          ),
        ),
      )
      .subscribe();
  }

  async #finishFailed(job: JobRecord, reason: string): Promise<void> {
    if (await this.#store.failJob(job.id, this.owner, reason)) {
      this.#logger.log('info', 'job.failed', { jobId: job.id, reason });
      this.#onStatusChange();
      await discardJobMedia(job, this.#logger, 'failed');
    }
  }
}

import { distinctUntilChanged, firstValueFrom, map, Observable, ReplaySubject, share, switchMap } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { type ConversationHandle, conversationHandle } from '../conversations/ConversationHandle.ts';
import type { AsyncSubmitResponse } from '../model/asyncApi.ts';
import type { JobStatus } from '../model/job.ts';
import type { JobOptions } from './JobOptions.ts';
import { pollJob } from './pollJob.ts';

/**
 * An async job as an Observable of its status. Subscribing submits the request (once per Job,
 * however many subscribers: the submission is shared and remembered) and then polls: each
 * status change is emitted (`scheduled`, `in_progress`, `completed`), the Observable completes
 * after `completed`, and errors with JobFailedError on `failed` or TimeoutError at the deadline.
 * Unsubscribing before the upload ends aborts it; after that it only stops watching.
 */
export class Job extends Observable<JobStatus> {
  /** The submit answer (`conversationId`, `jobId`); subscribing submits if that has not happened yet. */
  readonly submitted: Observable<AsyncSubmitResponse>;
  /**
   * Like the Job itself, but also emits each time the job's `progress` changes while it is in
   * progress (a Parley extension: stage, percent, audio recognised; a Symbl server sends none,
   * and then this emits what the Job does). For progress displays: subscribe to this instead of
   * the Job, not as well (each subscription polls).
   */
  readonly updates: Observable<JobStatus>;
  /** The conversation this job writes to, with the Conversation API bound to it. */
  readonly conversation: ConversationHandle;

  constructor(http: HttpTransport, submit: Observable<AsyncSubmitResponse>, options: JobOptions) {
    const submitted = submit.pipe(
      share({
        connector: () => new ReplaySubject<AsyncSubmitResponse>(1),
        resetOnError: true,
        resetOnComplete: false,
        resetOnRefCountZero: true,
      }),
    );
    const updates = submitted.pipe(switchMap((s) => pollJob(http, s.jobId, options, s.conversationId)));
    super((subscriber) =>
      updates.pipe(distinctUntilChanged((a, b) => a.status === b.status)).subscribe(subscriber),
    );
    this.submitted = submitted;
    this.updates = updates;
    this.conversation = conversationHandle(http, submitted.pipe(map((s) => s.conversationId)));
  }

  /** The conversation id (Python SDK `get_conversation_id()`); submits if not yet done. */
  conversationId(): Promise<string> {
    return firstValueFrom(this.submitted).then((s) => s.conversationId);
  }

  /** The job id (Python SDK `get_job_id()`); submits if not yet done. */
  jobId(): Promise<string> {
    return firstValueFrom(this.submitted).then((s) => s.jobId);
  }
}

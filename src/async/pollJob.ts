import { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { parseResponse } from '../client/parseResponse.ts';
import { sleep } from '../client/sleep.ts';
import { AbortError } from '../errors/AbortError.ts';
import { JobFailedError } from '../errors/JobFailedError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { JobStatus } from '../model/job.ts';
import type { JobOptions } from './JobOptions.ts';

/**
 * `GET /v1/job/{jobId}` until the job ends: emits the status each time it or its `progress` (a
 * Parley extension) changes (the first poll always emits), completes after `completed`, errors
 * with {@link JobFailedError} on `failed` and with {@link TimeoutError} when `options.deadlineMs`
 * passes. `conversationId`, when given, is filled into statuses from servers that do not send
 * it. Unsubscribing stops polling.
 */
export function pollJob(
  http: HttpTransport,
  jobId: string,
  options: JobOptions,
  conversationId?: string,
): Observable<JobStatus> {
  return new Observable<JobStatus>((subscriber) => {
    const controller = new AbortController();
    const release = http.retain();
    const deadline = Date.now() + options.deadlineMs;
    const path = `/v1/job/${encodeURIComponent(jobId)}`;
    const timedOut = (last: string | undefined) =>
      new TimeoutError(
        `Job ${jobId} did not finish within ${options.deadlineMs} ms (last status: ${last ?? 'unknown'}); it may still be running.`,
      );
    (async () => {
      let interval = options.intervalMs;
      let last: string | undefined;
      let lastProgress: string | undefined;
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw timedOut(last);
        // One poll may not outlive the deadline; its own controller also clears the deadline timer.
        const poll = new AbortController();
        const stop = () => poll.abort(controller.signal.reason);
        controller.signal.addEventListener('abort', stop, { once: true });
        let body: unknown;
        try {
          body = await Promise.race([
            http.send({ method: 'GET', path }, poll.signal),
            sleep(remaining, poll.signal).then(() => {
              throw timedOut(last);
            }),
          ]);
        } finally {
          controller.signal.removeEventListener('abort', stop);
          poll.abort();
        }
        const status = parseResponse(JobStatus, body, 'job status');
        const withConversation =
          status.conversationId === undefined && conversationId !== undefined
            ? { ...status, conversationId }
            : status;
        const progress = JSON.stringify(status.progress);
        if (status.status !== last || progress !== lastProgress) {
          last = status.status;
          lastProgress = progress;
          subscriber.next(withConversation);
        }
        if (status.status === 'completed') return;
        if (status.status === 'failed') throw new JobFailedError(jobId, status.error);
        await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), controller.signal);
        interval = Math.min(options.maxIntervalMs, interval * options.backoff);
      }
    })().then(
      () => subscriber.complete(),
      (error: unknown) => {
        if (!(error instanceof AbortError && controller.signal.aborted)) subscriber.error(error);
      },
    );
    return () => {
      controller.abort(new AbortError(`Watching job ${jobId} was cancelled.`));
      release();
    };
  });
}

import { defer, from, type Observable, switchMap } from 'rxjs';
import type { ApiRequest } from '../client/ApiRequest.ts';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { AsyncSubmitResponse } from '../model/asyncApi.ts';
import { Job } from './Job.ts';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from './JobOptions.ts';

/** Options of one submission, beyond the API parameters. */
export interface SubmitOptions {
  /** How the returned Job polls; unset fields take the client's defaults. */
  job?: Partial<JobOptions>;
}

/**
 * A Job for the submit request that `prepare` builds on subscription (input checks and file
 * `stat`s happen there, so their errors arrive in the error channel). Submissions are not
 * idempotent: only 429 answers are retried.
 */
export function submitJob(
  http: HttpTransport,
  prepare: () => ApiRequest | Promise<ApiRequest>,
  jobDefaults: Partial<JobOptions> | undefined,
  options: SubmitOptions | undefined,
): Job {
  const submit: Observable<AsyncSubmitResponse> = defer(() => from(Promise.resolve().then(prepare))).pipe(
    switchMap((request) =>
      http.request({ ...request, idempotent: false }, AsyncSubmitResponse, 'submit response'),
    ),
  );
  return new Job(http, submit, { ...DEFAULT_JOB_OPTIONS, ...jobDefaults, ...options?.job });
}

import { ParleyError, type ParleyErrorOptions } from './ParleyError.ts';

/** An async job ended with status `failed`; `reason` is what the server recorded. */
export class JobFailedError extends ParleyError {
  static override readonly code = 'PARLEY_ERR_JOB_FAILED';
  readonly jobId: string;
  readonly reason: string | undefined;

  constructor(jobId: string, reason?: string, options: ParleyErrorOptions = {}) {
    super(JobFailedError.code, `Job ${jobId} failed${reason ? `: ${reason}` : ''}`, options);
    this.jobId = jobId;
    this.reason = reason;
  }
}

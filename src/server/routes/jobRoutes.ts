import { NotFoundError } from '../../errors/NotFoundError.ts';
import { JobStatus } from '../../model/job.ts';
import type { Route } from '../http/Route.ts';
import { responseBody } from '../http/responseBody.ts';
import type { ServerContext } from '../ServerContext.ts';

/**
 * GET /v1/job/{jobId}, with Parley's `conversationId`, `progress` while the job runs (stage and
 * share done, as the worker last reported them) and, on failed jobs, `error`. Another app's job
 * does not exist for the caller.
 */
export function jobRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/job/:jobId',
      async handle(ctx) {
        const job = await server.store.getJob(ctx.appId, ctx.params.jobId ?? '');
        if (job === undefined) throw new NotFoundError(`No job with id ${ctx.params.jobId}.`);
        const body = {
          id: job.id,
          status: job.status,
          conversationId: job.conversationId,
          error: job.error,
          ...(job.status !== 'in_progress' || job.progress === undefined ? {} : { progress: job.progress }),
        };
        return { status: 200, body: responseBody(JobStatus, body, 'job status') };
      },
    },
  ];
}

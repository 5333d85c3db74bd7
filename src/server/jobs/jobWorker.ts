import { parentPort, workerData } from 'node:worker_threads';
import { ParleyError } from '../../errors/ParleyError.ts';
import type { JobProgress } from '../../model/job.ts';
import type { JobRunner } from './JobRunner.ts';
import type { JobWorkerData, JobWorkerRequest, JobWorkerResponse } from './jobWorkerProtocol.ts';

/*
 * Body of a job worker thread: loads the configured runner once, then runs the jobs it is sent,
 * one at a time. Aborting a job terminates the thread, so no signal crosses over.
 */
const data = workerData as JobWorkerData;
const factory = (await import(data.moduleUrl))[data.exportName] as (options?: unknown) => JobRunner;
const runner = factory(data.runnerOptions);
const never = new AbortController().signal;

parentPort!.on('message', (request: JobWorkerRequest) => {
  const onProgress = (progress: JobProgress) => reply({ id: request.id, progress });
  void runner.run(request.work, never, onProgress).then(
    (outcome) => reply({ id: request.id, outcome }),
    (error: unknown) =>
      reply({
        id: request.id,
        error:
          error instanceof ParleyError
            ? {
                name: error.name,
                message: error.message,
                code: error.code,
                ...(error.status === undefined ? {} : { status: error.status }),
              }
            : {
                name: error instanceof Error ? error.name : 'Error',
                message: String(error instanceof Error ? error.stack : error),
              },
      }),
  );
});

function reply(response: JobWorkerResponse): void {
  parentPort!.postMessage(response);
}

/*
 * A `parley serve` process for the restart test. Its runner is the real text runner, logging each
 * start to PARLEY_TEST_STARTS; with PARLEY_TEST_HOLD=1 it stops inside the job (after logging)
 * and waits to be killed, so the test can SIGKILL it mid-job.
 */
import { appendFileSync } from 'node:fs';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import type { JobRunner } from '../../../src/server/jobs/JobRunner.ts';
import { serveCommand } from '../../../src/server/serveCommand.ts';

const text = conversationJobRunner();
const runner: JobRunner = {
  async run(work, signal) {
    appendFileSync(process.env.PARLEY_TEST_STARTS!, `${work.job.id} ${work.job.attempts}\n`);
    if (process.env.PARLEY_TEST_HOLD === '1') {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    return text.run(work, signal);
  },
};

await serveCommand({
  dataDir: process.env.PARLEY_TEST_DATA_DIR!,
  port: 0,
  server: {
    runner,
    leaseMs: Number(process.env.PARLEY_TEST_LEASE_MS ?? 1000),
    pollMs: 100,
    jobGraceMs: 2000,
  },
});

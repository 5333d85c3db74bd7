/*
 * One `parley serve` node for the multi-node tests: serveCommand (what `parley serve` runs) with
 * its flags from PARLEY_TEST_FLAGS (JSON) and the real text runner, logging each job start to
 * PARLEY_TEST_STARTS as "<jobId> <attempt> <nodeId>". A job whose conversation is named "hold..."
 * waits on its first attempt until the node dies, so a test can SIGKILL the node running it.
 */
import { appendFileSync } from 'node:fs';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import type { JobRunner } from '../../../src/server/jobs/JobRunner.ts';
import { serveCommand } from '../../../src/server/serveCommand.ts';

const flags = JSON.parse(process.env.PARLEY_TEST_FLAGS ?? '{}') as Record<string, string>;
const text = conversationJobRunner();
const runner: JobRunner = {
  async run(work, signal, progress) {
    appendFileSync(process.env.PARLEY_TEST_STARTS!, `${work.job.id} ${work.job.attempts} ${flags.nodeId}\n`);
    if (work.conversation.name.startsWith('hold') && work.job.attempts === 1) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    return text.run(work, signal, progress);
  },
};

await serveCommand({
  ...flags,
  port: 0,
  server: {
    runner,
    concurrency: 2,
    leaseMs: Number(process.env.PARLEY_TEST_LEASE_MS ?? 4000),
    heartbeatMs: 1000,
    jobGraceMs: 2000,
  },
});

/*
 * One `parley serve` node for the multi-node tests: serveCommand (what `parley serve` runs) with
 * its flags from PARLEY_TEST_FLAGS (JSON) and the real text runner, logging each job start to
 * PARLEY_TEST_STARTS as "<jobId> <run> <nodeId>", where run counts the job's starts on any node
 * (the store's attempt count does not: a hand-back gives its attempt back). A job whose
 * conversation is named "hold..." waits on its first run until the node stops, so a test can kill
 * the node running it. Private addresses are allowed: the tests' SIP peer is on loopback.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import type { JobRunner } from '../../../src/server/jobs/JobRunner.ts';
import { serveCommand } from '../../../src/server/serveCommand.ts';

const flags = JSON.parse(process.env.PARLEY_TEST_FLAGS ?? '{}') as Record<string, string>;
const text = conversationJobRunner();
const runner: JobRunner = {
  async run(work, signal, progress) {
    const log = process.env.PARLEY_TEST_STARTS!;
    const earlier = existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith(`${work.job.id} `)).length
      : 0;
    const run = earlier + 1;
    appendFileSync(log, `${work.job.id} ${run} ${flags.nodeId}\n`);
    if (work.conversation.name.startsWith('hold') && run === 1) {
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
    allowPrivateNetworks: true,
  },
});

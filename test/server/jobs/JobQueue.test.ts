import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { JobQueue } from '../../../src/server/jobs/JobQueue.ts';
import type { JobRunner } from '../../../src/server/jobs/JobRunner.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { tempDataDir } from '../support/testServer.ts';

let data: ReturnType<typeof tempDataDir>;
let store: SqliteStore;
const queues: JobQueue[] = [];

beforeEach(async () => {
  data = tempDataDir();
  store = SqliteStore.open(data.dir);
  await store.putApp({ appId: 'app', secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
});
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop(0)));
  await store.close();
  data.remove();
});

function queue(
  runner: JobRunner,
  options: { concurrency?: number; leaseMs?: number; progressIntervalMs?: number } = {},
): JobQueue {
  const q = new JobQueue({
    store,
    runner,
    logger: silentLogger,
    pollMs: 20,
    ...options,
  });
  queues.push(q);
  return q;
}

async function submit(jobId: string, conversationId: string, texts: string[], create = true) {
  await store.enqueueJob({
    job: {
      id: jobId,
      appId: 'app',
      conversationId,
      append: !create,
      input: { type: 'text', messages: texts.map((content) => ({ payload: { content } })) },
      options: {},
    },
    ...(create
      ? {
          createConversation: {
            id: conversationId,
            appId: 'app',
            type: 'meeting',
            name: conversationId,
            members: [],
            metadata: {},
            createdAt: new Date().toISOString(),
          },
        }
      : {}),
    maxActiveJobsPerApp: 100,
  });
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('JobQueue', () => {
  it('never runs more jobs at once than its concurrency, and completes them all', async () => {
    const text = conversationJobRunner();
    let running = 0;
    let peak = 0;
    const counting: JobRunner = {
      async run(work, signal) {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return text.run(work, signal);
      },
    };
    for (let i = 0; i < 8; i++) await submit(`j${i}`, `c${i}`, [`Text ${i}.`]);
    queue(counting, { concurrency: 3 }).start();
    await until(async () => (await store.countActiveJobs()) === 0, 'all jobs');
    expect(peak).toBe(3);
    for (let i = 0; i < 8; i++) {
      expect((await store.getJob('app', `j${i}`))?.status).toBe('completed');
      expect((await store.listMessages(`c${i}`)).map((m) => m.body.text)).toEqual([`Text ${i}.`]);
    }
  });

  it('fails a job with the runner reason for bad input, and keeps going', async () => {
    await submit('first', 'c1', ['Hello.']);
    await store.enqueueJob({
      job: {
        id: 'bad',
        appId: 'app',
        conversationId: 'c1',
        append: true,
        input: { type: 'text', messages: [{ payload: {} }] },
        options: {},
      },
      maxActiveJobsPerApp: 100,
    });
    await store.enqueueJob({
      job: {
        id: 'media',
        appId: 'app',
        conversationId: 'c1',
        append: true,
        input: { type: 'media', media: 'audio', path: '/nope.wav' },
        options: {},
      },
      maxActiveJobsPerApp: 100,
    });
    await submit('good', 'c2', ['Fine.']);
    queue(conversationJobRunner()).start();
    await until(async () => (await store.countActiveJobs()) === 0, 'all jobs');
    expect((await store.getJob('app', 'bad'))?.status).toBe('failed');
    expect((await store.getJob('app', 'bad'))?.error).toContain('[0].payload.content');
    expect((await store.getJob('app', 'media'))?.status).toBe('failed');
    expect((await store.getJob('app', 'media'))?.error).toContain('audio');
    expect((await store.getJob('app', 'good'))?.status).toBe('completed');
  });

  it('hands running jobs back on stop, and another worker resumes them at once', async () => {
    const text = conversationJobRunner();
    const stuck: JobRunner = {
      run: (_work, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    };
    await submit('j1', 'c1', ['First.', 'Second.']);
    const first = queue(stuck, { leaseMs: 60_000 });
    first.start();
    await until(async () => (await store.getJob('app', 'j1'))?.status === 'in_progress', 'the claim');
    await first.stop(0);
    queue(text, { leaseMs: 60_000 }).start();
    await until(async () => (await store.getJob('app', 'j1'))?.status === 'completed', 'the resumed job');
    // A hand-back is not a failed attempt: only the run that completed counts.
    expect((await store.getJob('app', 'j1'))?.attempts).toBe(1);
    expect((await store.listMessages('c1')).map((m) => m.body.text)).toEqual(['First.', 'Second.']);
  });

  it('appends in submission order with times after the earlier messages', async () => {
    await submit('j1', 'c1', ['One.', 'Two.']);
    await submit('j2', 'c1', ['Three.'], false);
    queue(conversationJobRunner(), { concurrency: 4 }).start();
    await until(async () => (await store.countActiveJobs()) === 0, 'all jobs');
    const messages = (await store.listMessages('c1')).map((m) => m.body);
    expect(messages.map((m) => m.text)).toEqual(['One.', 'Two.', 'Three.']);
    expect(Date.parse(String(messages[2]!.startTime))).toBeGreaterThanOrEqual(
      Date.parse(String(messages[1]!.endTime)),
    );
  });

  it('stores the runner progress while the job runs, the latest at most once an interval, and none after', async () => {
    let release: () => void = () => {};
    const reports: Array<Parameters<NonNullable<Parameters<JobRunner['run']>[2]>>[0]> = [];
    const text = conversationJobRunner();
    const reporting: JobRunner = {
      async run(work, signal, onProgress) {
        for (let percent = 1; percent <= 50; percent++) {
          const report = { stage: 'recognizing', percent, audioSeconds: 100, recognizedSeconds: percent * 2 };
          reports.push(report);
          onProgress?.(report);
        }
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return text.run(work, signal);
      },
    };
    await submit('j1', 'c1', ['Hello.']);
    let writes = 0;
    const record = store.recordJobProgress.bind(store);
    store.recordJobProgress = (...args) => {
      writes++;
      return record(...args);
    };
    queue(reporting, { progressIntervalMs: 200 }).start();
    // The first report is written at once, and the last one within the interval after it.
    await until(async () => (await store.getJob('app', 'j1'))?.progress?.percent === 50, 'the last report');
    expect((await store.getJob('app', 'j1'))?.progress).toEqual(reports.at(-1));
    expect(writes).toBe(2);
    release();
    await until(async () => (await store.getJob('app', 'j1'))?.status === 'completed', 'completion');
    expect((await store.getJob('app', 'j1'))?.progress).toBeUndefined();
  });
});

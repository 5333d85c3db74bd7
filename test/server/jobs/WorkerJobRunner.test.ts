import { afterAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../../src/errors/ParleyError.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import type { JobWork } from '../../../src/server/jobs/JobRunner.ts';
import { WorkerJobRunner } from '../../../src/server/jobs/WorkerJobRunner.ts';

const runner = new WorkerJobRunner();
runner.warm(1);
afterAll(() => runner.close());

function work(id: string, input: JobWork['job']['input']): JobWork {
  const now = '2024-03-04T15:00:00.000Z';
  return {
    job: {
      id,
      appId: 'app',
      conversationId: '1234567890123456',
      seq: 1,
      status: 'in_progress',
      append: false,
      input,
      options: {},
      attempts: 1,
      createdAt: now,
      updatedAt: now,
    },
    conversation: {
      id: '1234567890123456',
      appId: 'app',
      type: 'meeting',
      name: 'Renewal',
      members: [],
      metadata: {},
      createdAt: now,
    },
    priorMessages: [],
    priorJobs: [],
  };
}

describe('WorkerJobRunner', () => {
  it('gives the same outcome on a worker thread as in-process, and carries Parley errors back', async () => {
    const text = work('job-1', {
      type: 'text',
      messages: [
        {
          payload: { content: 'Can you send me the renewal quote by Friday?' },
          from: { name: 'Ben', userId: 'ben@example.com' },
        },
        { payload: { content: 'Sure, I will email it tomorrow.' }, from: { name: 'Ana' } },
      ],
    });
    const threaded = await runner.run(text, new AbortController().signal);
    const inProcess = await conversationJobRunner().run(text, new AbortController().signal);
    expect(threaded).toEqual(inProcess);
    expect(threaded.messages.length).toBeGreaterThanOrEqual(2);

    const media = runner.run(
      work('job-2', { type: 'media', media: 'video', path: '/x.mp4' }),
      new AbortController().signal,
    );
    await expect(media).rejects.toBeInstanceOf(ParleyError);
    await expect(media).rejects.toThrow(/video/);
  });

  it('rejects with the abort reason when a job is aborted', async () => {
    const controller = new AbortController();
    const running = runner.run(
      work('job-3', { type: 'text', messages: [{ payload: { content: 'Hello there.' } }] }),
      controller.signal,
    );
    controller.abort(new Error('shutting down'));
    await expect(running).rejects.toThrow('shutting down');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { loadConversationScript } from '../../../scripts/fixtures/loadConversationScript.ts';
import { synthesizeConversation } from '../../../scripts/fixtures/synthesizeConversation.ts';
import { ParleyError } from '../../../src/errors/ParleyError.ts';
import type { JobProgress } from '../../../src/model/job.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import type { JobWork } from '../../../src/server/jobs/JobRunner.ts';
import { WorkerJobRunner } from '../../../src/server/jobs/WorkerJobRunner.ts';

const runner = new WorkerJobRunner();
runner.warm(1);
afterAll(() => runner.close());

function work(id: string, input: JobWork['job']['input'], options: Record<string, unknown> = {}): JobWork {
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
      options,
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
    const reports: JobProgress[] = [];
    const threaded = await runner.run(text, new AbortController().signal, (p) => reports.push(p));
    expect(reports).toEqual([{ stage: 'analyzing', percent: 0 }]);
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

  it("reports a media job's progress from the thread: decoding, the audio recognised, speakers, analysis", async () => {
    const meeting = loadConversationScript('sample-meeting');
    const fixture = await synthesizeConversation({
      ...meeting,
      name: 'sample-meeting-opening',
      lines: meeting.lines.slice(0, 4),
    });
    const reports: JobProgress[] = [];
    const outcome = await runner.run(
      work(
        'job-4',
        { type: 'media', media: 'audio', path: fixture.mixWav },
        { enableSpeakerDiarization: true, diarizationSpeakerCount: 2 },
      ),
      new AbortController().signal,
      (p) => reports.push(p),
    );
    expect(outcome.messages.length).toBeGreaterThanOrEqual(2);
    const stages = reports.map((r) => r.stage).filter((s, i, all) => s !== all[i - 1]);
    expect(stages).toEqual(['decoding', 'recognizing', 'separating_speakers', 'analyzing']);
    const recognizing = reports.filter((r) => r.stage === 'recognizing');
    expect(recognizing.length).toBeGreaterThan(3);
    for (const r of recognizing) expect(r.audioSeconds).toBeCloseTo(fixture.duration, 0);
    expect(recognizing.at(-1)!.recognizedSeconds).toBeCloseTo(fixture.duration, 0);
    const percents = reports.map((r) => r.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  }, 180_000);

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

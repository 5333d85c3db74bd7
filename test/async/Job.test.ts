import { PassThrough, Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobFailedError } from '../../src/errors/JobFailedError.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { RateLimitError } from '../../src/errors/RateLimitError.ts';
import { TimeoutError } from '../../src/errors/TimeoutError.ts';
import { json, type ScriptedServer, startScriptedServer } from '../client/scriptedServer.ts';

const JOB_ID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const CONVERSATION_ID = '5815170693595136';
const fast = { job: { intervalMs: 5, backoff: 1, maxIntervalMs: 5, deadlineMs: 10_000 } };

let api: ScriptedServer;
/** Statuses the job endpoint answers, in order; the last one repeats. `in_progress:40` adds progress at 40%. */
let timeline: string[];
let submitAnswer: (res: import('node:http').ServerResponse, attempt: number) => void;

beforeEach(async () => {
  timeline = ['scheduled', 'scheduled', 'in_progress', 'in_progress', 'completed'];
  submitAnswer = (res) => json(res, 201, { conversationId: CONVERSATION_ID, jobId: JOB_ID });
  let polls = 0;
  let submits = 0;
  api = await startScriptedServer((req, res) => {
    if (req.url.startsWith('/v1/job/')) {
      const [status, percent] = timeline[Math.min(polls++, timeline.length - 1)]!.split(':');
      json(res, 200, {
        id: JOB_ID,
        status,
        ...(status === 'failed' ? { error: 'the audio could not be decoded' } : {}),
        ...(percent === undefined ? {} : { progress: { stage: 'recognizing', percent: Number(percent) } }),
      });
    } else submitAnswer(res, ++submits);
  });
});
afterEach(async () => {
  await api.close();
});

const submissions = () => api.seen.filter((r) => r.url.startsWith('/v1/process/'));

describe('Job', () => {
  it('emits each status change once, fills in the conversation id, and completes on completed', async () => {
    const job = api.client(fast).text.process({ messages: [{ payload: { content: 'Hello.' } }] });
    const statuses = await lastValueFrom(job.pipe(toArray()));
    expect(statuses.map((s) => s.status)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(statuses.every((s) => s.conversationId === CONVERSATION_ID)).toBe(true);
    expect(await job.conversationId()).toBe(CONVERSATION_ID);
    expect(await job.jobId()).toBe(JOB_ID);
    expect(submissions()).toHaveLength(1);
    expect(JSON.parse(submissions()[0]!.body.toString())).toEqual({
      messages: [{ payload: { content: 'Hello.' } }],
    });
  });

  it('emits every progress change on updates', async () => {
    timeline = [
      'scheduled',
      'in_progress:10',
      'in_progress:10',
      'in_progress:55',
      'in_progress:90',
      'completed',
    ];
    const updates = await lastValueFrom(
      api
        .client(fast)
        .text.process({ messages: [{ payload: { content: 'Hello.' } }] })
        .updates.pipe(toArray()),
    );
    expect(updates.map((s) => `${s.status}${s.progress ? `:${s.progress.percent}` : ''}`)).toEqual([
      'scheduled',
      'in_progress:10',
      'in_progress:55',
      'in_progress:90',
      'completed',
    ]);
    expect(updates[1]!.progress).toEqual({ stage: 'recognizing', percent: 10 });
  });

  it('emits each state once on the Job itself, with the progress of its first report', async () => {
    timeline = ['scheduled', 'in_progress:10', 'in_progress:55', 'completed'];
    const job = api.client(fast).text.process({ messages: [{ payload: { content: 'Hello.' } }] });
    const statuses = await lastValueFrom(job.pipe(toArray()));
    expect(statuses.map((s) => s.status)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(statuses[1]!.progress?.percent).toBe(10);
  });

  it('submits once however many subscribers, and nothing before the first', async () => {
    const job = api.client(fast).text.process({ messages: [{ payload: { content: 'Hello.' } }] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(submissions()).toHaveLength(0);
    await Promise.all([lastValueFrom(job), lastValueFrom(job), job.conversationId()]);
    expect(submissions()).toHaveLength(1);
  });

  it('errors with JobFailedError carrying the reason when the job fails', async () => {
    timeline = ['in_progress', 'failed'];
    const error = await lastValueFrom(api.client(fast).audio.processFile(Buffer.from('RIFF....'))).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ jobId: JOB_ID, reason: 'the audio could not be decoded' });
  });

  it('errors with TimeoutError when the deadline passes (the default is bounded too)', async () => {
    timeline = ['in_progress'];
    const client = api.client({ job: { intervalMs: 5, backoff: 2, maxIntervalMs: 20, deadlineMs: 150 } });
    const error = await lastValueFrom(
      client.text.process({ messages: [{ payload: { content: 'Hi.' } }] }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/in_progress/);
    const defaults = await import('../../src/async/JobOptions.ts');
    expect(Number.isFinite(defaults.DEFAULT_JOB_OPTIONS.deadlineMs)).toBe(true);
  });

  it('stops polling when unsubscribed', async () => {
    timeline = ['in_progress'];
    const subscription = api
      .client(fast)
      .text.process({ messages: [{ payload: { content: 'Hi.' } }] })
      .subscribe();
    await until(() => api.seen.length >= 3);
    subscription.unsubscribe();
    const seen = api.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.seen.length).toBeLessThanOrEqual(seen + 1);
  });

  it('watches a job submitted earlier with client.job()', async () => {
    const job = api.client(fast).job(JOB_ID, CONVERSATION_ID);
    expect((await lastValueFrom(job)).status).toBe('completed');
    expect(submissions()).toHaveLength(0);
    submitAnswer = (res) => json(res, 200, { messages: [] });
    await firstValueFrom(job.conversation.getMessages());
    expect(api.seen.at(-1)?.url).toBe(`/v1/conversations/${CONVERSATION_ID}/messages`);
  });
});

describe('media submissions', () => {
  it('sends a file with its length, options in the query, and the content-type defaults of the Python SDK', async () => {
    const client = api.client(fast);
    await lastValueFrom(
      client.audio.processFile(new URL(import.meta.url), {
        customVocabulary: ['Parley'],
        enableSpeakerDiarization: true,
        diarizationSpeakerCount: 2,
      }),
    );
    await lastValueFrom(client.video.appendFile(Buffer.from('video bytes'), CONVERSATION_ID));
    const [audio, video] = submissions();
    expect(audio?.method).toBe('POST');
    const query = new URL(audio!.url, 'http://x').searchParams;
    expect(query.get('customVocabulary')).toBe('["Parley"]');
    expect(query.get('enableSpeakerDiarization')).toBe('true');
    expect(query.get('diarizationSpeakerCount')).toBe('2');
    expect(audio?.headers['content-type']).toBeUndefined();
    expect(Number(audio?.headers['content-length'])).toBe(audio?.body.length);
    expect(video?.method).toBe('PUT');
    expect(video?.url).toBe(`/v1/process/video/${CONVERSATION_ID}`);
    expect(video?.headers['content-type']).toBe('video/mp4');
    expect(video?.body.toString()).toBe('video bytes');
  });

  it('streams a Readable chunked and sends it once; a Buffer is sent again after a 429', async () => {
    submitAnswer = (res) => json(res, 429, { statusCode: 429, message: 'busy' }, { 'retry-after': '0' });
    const client = api.client({ ...fast, retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const stream = Readable.from([Buffer.from('chunk one, '), Buffer.from('chunk two')]);
    const error = await lastValueFrom(client.audio.processFile(stream)).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(submissions()).toHaveLength(1);
    expect(submissions()[0]?.headers['transfer-encoding']).toBe('chunked');
    expect(submissions()[0]?.body.toString()).toBe('chunk one, chunk two');
    await lastValueFrom(client.audio.processFile(Buffer.from('bytes'))).catch(() => undefined);
    expect(submissions()).toHaveLength(4);
  });

  it('aborts an upload in progress when unsubscribed', async () => {
    const stream = new PassThrough();
    stream.write(Buffer.alloc(64 * 1024));
    let reached = false;
    api.script = () => {
      reached = true;
    };
    const subscription = api
      .client(fast)
      .audio.processFile(stream)
      .subscribe({ error: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 100));
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The body never ended, so the server never saw a complete request; the stream was destroyed.
    expect(reached).toBe(false);
    expect(stream.destroyed).toBe(true);
  });

  it('names a missing file without sending anything', async () => {
    const error = await lastValueFrom(api.client(fast).audio.processFile('/nonexistent/meeting.wav')).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/meeting\.wav/);
    expect(api.seen).toHaveLength(0);
  });

  it('sends URL submissions as JSON with parameters merged in (the payload wins)', async () => {
    const client = api.client(fast);
    await lastValueFrom(client.audio.processUrl('https://example.com/a.mp3', { name: 'By URL' }));
    await lastValueFrom(
      client.video.appendUrl({ url: 'https://example.com/v.mp4', name: 'mine' }, CONVERSATION_ID, {
        name: 'theirs',
      }),
    );
    const [audio, video] = submissions();
    expect(audio?.url).toBe('/v1/process/audio/url');
    expect(JSON.parse(audio!.body.toString())).toEqual({ url: 'https://example.com/a.mp3', name: 'By URL' });
    expect(video?.url).toBe(`/v1/process/video/url/${CONVERSATION_ID}`);
    expect(JSON.parse(video!.body.toString())).toEqual({ url: 'https://example.com/v.mp4', name: 'mine' });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

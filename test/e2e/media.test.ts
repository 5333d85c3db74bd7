import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import type { Job } from '../../src/async/Job.ts';
import { MP4_VIDEO_ARGS } from '../engine/asr/speechFixture.ts';
import { type E2eRig, startE2eRig } from './e2eServer.ts';

// One server for the file, and few seconds of speech: the first six turns of the sample meeting
// (WAV, diarized) for the main checks, and a clip of its first two turns for the other seven
// media functions (MP3, WAV by URL, MP4). The whole meeting is transcribed by test/cli.
let rig: E2eRig;
let files: Server;
let filesUrl: string;
let meetingWav: string;
let clipWav: string;
let clipMp3: string;
let clipMp4: string;

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

beforeAll(async () => {
  rig = await startE2eRig();
  const fixture = await synthesizeConversation('sample-meeting');
  const clipEnd = (fixture.turns[1]?.end ?? 8.7) + 0.4;
  const partEnd = (fixture.turns[5]?.end ?? 26) + 0.4;
  meetingWav = join(rig.dir, 'meeting-part.wav');
  ffmpeg('-i', fixture.mixWav, '-t', partEnd.toFixed(2), meetingWav);
  clipWav = join(rig.dir, 'clip.wav');
  clipMp3 = join(rig.dir, 'clip.mp3');
  clipMp4 = join(rig.dir, 'clip.mp4');
  ffmpeg('-i', fixture.mixWav, '-t', clipEnd.toFixed(2), clipWav);
  ffmpeg('-i', clipWav, '-b:a', '64k', clipMp3);
  ffmpeg('-i', clipWav, ...MP4_VIDEO_ARGS, clipMp4);
  const served: Record<string, string> = { '/clip.wav': clipWav, '/clip.mp3': clipMp3, '/clip.mp4': clipMp4 };
  files = createHttpServer((req, res) => {
    const path = served[req.url ?? ''];
    if (path === undefined) {
      res.writeHead(404).end();
      return;
    }
    const bytes = readFileSync(path);
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (files ? files.close(() => resolve()) : resolve()));
  await rig?.stop();
});

async function transcriptOf(job: Job): Promise<string> {
  const { messages } = await firstValueFrom(job.conversation.getMessages());
  return messages
    .map((m) => m.text)
    .join(' ')
    .toLowerCase();
}

async function completed(job: Job): Promise<string[]> {
  const statuses = await lastValueFrom(job.pipe(toArray()));
  return statuses.map((s) => s.status);
}

describe('media jobs through the client against a real server', () => {
  it('runs every Audio and Video function with a WAV, an MP3 and an MP4', { timeout: 240_000 }, async () => {
    const { audio, video } = rig.client;
    const diarized = { enableSpeakerDiarization: true, diarizationSpeakerCount: 2 } as const;
    // Submitted together: the server's queue runs two at a time, appends after their conversation.
    const meeting = audio.processFile(
      meetingWav,
      { name: 'Launch review', ...diarized },
      { contentType: 'audio/wav' },
    );
    const byUrl = audio.processUrl(`${filesUrl}/clip.mp3`);
    const video1 = video.processFile(createReadStream(clipMp4));
    const video2 = video.processUrl({ url: `${filesUrl}/clip.mp4` }, { name: 'Video by URL' });
    const first = await Promise.all([
      completed(meeting),
      completed(byUrl),
      completed(video1),
      completed(video2),
    ]);
    for (const statuses of first) expect(statuses.at(-1)).toBe('completed');

    const meetingText = await transcriptOf(meeting);
    expect(meetingText).toMatch(/payment page/);
    expect(meetingText).toMatch(/mobile app/);
    const { members } = await firstValueFrom(meeting.conversation.getMembers());
    expect(members.map((m) => m.name).sort()).toEqual(['Speaker 1', 'Speaker 2']);
    const { questions } = await firstValueFrom(meeting.conversation.getQuestions());
    expect(questions.some((q) => /beta test/i.test(q.text))).toBe(true);
    const conversation = await firstValueFrom(meeting.conversation.getConversation());
    expect(conversation.name).toBe('Launch review');
    // The conversation object's reads on a recognised, diarized conversation.
    const api = meeting.conversation;
    const analytics = await firstValueFrom(api.getAnalytics());
    expect(analytics.members.map((m) => m.name).sort()).toEqual(['Speaker 1', 'Speaker 2']);
    const { actionItems } = await firstValueFrom(api.getActionItems());
    expect(actionItems.some((a) => /payment page/i.test(a.text))).toBe(true);
    expect((await firstValueFrom(api.getTopics())).topics.length).toBeGreaterThan(0);
    const { messages: words } = await firstValueFrom(api.getMessages({ verbose: true }));
    expect(words[0]?.words?.[0]?.score).toBeGreaterThan(0);
    // Naming a diarized speaker renames it everywhere.
    const speaker1 = members.find((m) => m.name === 'Speaker 1')!;
    await firstValueFrom(
      api.updateMember(speaker1.id, { id: speaker1.id, name: 'Sarah', email: 'sarah@example.com' }),
    );
    const renamed = await firstValueFrom(api.getMessages());
    expect(renamed.messages.filter((m) => m.from.name === 'Sarah').length).toBeGreaterThan(0);
    expect(renamed.messages.some((m) => m.from.name === 'Speaker 1')).toBe(false);
    for (const job of [byUrl, video1, video2]) expect(await transcriptOf(job)).toMatch(/mobile app/);
    expect((await firstValueFrom(video2.conversation.getConversation())).name).toBe('Video by URL');

    // Appends: each adds the clip's messages after what the conversation already holds.
    const counts = async (job: Job) => (await firstValueFrom(job.conversation.getMessages())).messages.length;
    const before = await Promise.all([counts(meeting), counts(byUrl), counts(video1), counts(video2)]);
    const ids = await Promise.all([meeting, byUrl, video1, video2].map((job) => job.conversationId()));
    const appends = [
      audio.appendFile(readFileSync(clipMp3), ids[0]!),
      audio.appendUrl(`${filesUrl}/clip.wav`, ids[1]!),
      video.appendFile(clipMp4, ids[2]!),
      video.appendUrl({ url: `${filesUrl}/clip.mp4` }, ids[3]!),
    ];
    for (const statuses of await Promise.all(appends.map(completed)))
      expect(statuses.at(-1)).toBe('completed');
    const after = await Promise.all([counts(meeting), counts(byUrl), counts(video1), counts(video2)]);
    for (let i = 0; i < 4; i++) {
      expect(await appends[i]!.conversationId()).toBe(ids[i]);
      expect(after[i]).toBeGreaterThan(before[i]!);
    }
    const appended = await transcriptOf(appends[0]!);
    expect(appended.lastIndexOf('mobile app')).toBeGreaterThan(appended.indexOf('payment page'));
  });
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationId } from '../../operators/conversationId.ts';
import { insights } from '../../operators/insights.ts';
import { messages } from '../../operators/messages.ts';
import { streamingSession } from '../../operators/streamingSession.ts';
import { transcript } from '../../operators/transcript.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { fromFile } from '../../sources/fromFile.ts';
import { wordErrorRate } from '../../src/engine/asr/wordErrorRate.ts';
import { transcribeAudio } from '../../src/engine/transcribeAudio.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';

let live: LocalServer;
let clip: string;
let events: StreamingEvent[];

beforeAll(async () => {
  const fixture = await synthesizeConversation('sample-meeting');
  // The first six turns (through the payment-page commitment), cut in the pause after the sixth:
  // enough for the checks below at half the cost of the whole meeting.
  const dir = await mkdtemp(join(tmpdir(), 'parley-clip-'));
  clip = join(dir, 'clip.wav');
  const seconds = ((fixture.turns[5]?.end ?? 30) + 0.4).toFixed(2);
  await promisify(execFile)('ffmpeg', [
    '-v',
    'error',
    '-t',
    seconds,
    '-i',
    fixture.mixWav,
    '-c',
    'copy',
    clip,
  ]);
  live = await startLocalServer();
  // The file unpaced: the server must cope with a faster-than-real-time burst.
  events = await lastValueFrom(
    fromFile(clip).pipe(
      streamingSession({
        baseUrl: live.baseUrl,
        token: live.token,
        insightTypes: ['action_item', 'question'],
        sendBuffer: { maxQueuedMs: 10 * 60_000 },
      }),
      toArray(),
    ),
  );
});

afterAll(async () => {
  await live?.close();
  if (clip) await rm(dirname(clip), { recursive: true, force: true });
});

const streamed = () => lastValueFrom(from(events).pipe(messages(), toArray()));

describe('live session end to end (fromFile -> streamingSession -> Parley server)', () => {
  it('transcribes the right words, finds insights and ends with conversation_completed', async () => {
    const text = (await streamed())
      .map((m) => m.payload.content)
      .join(' ')
      .toLowerCase();
    for (const words of ['payment page', 'beta test', 'mobile app', 'feedback']) {
      expect(text).toContain(words);
    }
    const found = await lastValueFrom(from(events).pipe(insights(), toArray()));
    expect(found.some((i) => i.type === 'question')).toBe(true);
    expect(found.some((i) => i.type === 'action_item' && /payment page/i.test(i.text))).toBe(true);
    const partials = await lastValueFrom(from(events).pipe(transcript(), toArray()));
    expect(partials.some((u) => !u.isFinal)).toBe(true);
    const last = events.at(-1);
    expect(last?.type === 'message' && last.message.type).toBe('conversation_completed');
  });

  // Live sessions end an utterance after 0.25 s of silence (finals sooner), files after the
  // engine's 0.5 s (as raw pocketsphinx_continuous does), so the two decodes may differ in a word
  // where the recogniser's context differs; the sentences and what is found in them agree.
  it('gives the messages, questions and action items of the async path on the same audio', async () => {
    const snapshot = await transcribeAudio(clip, {});
    const live = (await streamed()).map((m) => m.payload.content);
    expect(live).toHaveLength(snapshot.messages.length);
    expect(wordErrorRate(snapshot.messages.map((m) => m.text).join(' '), live.join(' '))).toBeLessThan(0.1);
    const found = await lastValueFrom(from(events).pipe(insights(), toArray()));
    const count = (type: string) => new Set(found.filter((i) => i.type === type).map((i) => i.text)).size;
    expect(count('question')).toBe(snapshot.questions.length);
    expect(count('action_item')).toBe(snapshot.actionItems.length);
  });

  it('leaves the conversation readable through the Conversation API', async () => {
    const id = await lastValueFrom(from(events).pipe(conversationId()));
    const response = await fetch(`${live.baseUrl}/v1/conversations/${id}/messages`, {
      headers: { authorization: `Bearer ${live.token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: { text: string }[] };
    expect(body.messages.map((m) => m.text)).toEqual((await streamed()).map((m) => m.payload.content));
  });
});

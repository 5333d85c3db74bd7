import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketsphinxRecognizer } from '../../src/engine/asr/PocketsphinxRecognizer.ts';
import { RecognizerWorkerPool } from '../../src/engine/asr/RecognizerWorkerPool.ts';
import type { ConversationSnapshot } from '../../src/engine/conversation/ConversationSnapshot.ts';
import { transcribeAudio } from '../../src/engine/transcribeAudio.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { type SpeechFixture, synthesizeLines, transcode } from './asr/speechFixture.ts';

// The meeting of issue 21: said on Sunday 2026-12-06.
const LINES = [
  { voice: 'rms', text: 'I will fix it before the end of the week.' },
  { voice: 'slt', text: 'I will call the sales director tomorrow.' },
] as const;
const RECORDED = '2026-12-06T09:15:00.000Z';

const pool = new RecognizerWorkerPool(2);
const recognizer = new PocketsphinxRecognizer(pool);
let meeting: SpeechFixture;

beforeAll(() => {
  meeting = synthesizeLines(LINES);
});

afterAll(() => pool.close());

/** Every message time at or after the conversation start, and every due date on or after its day. */
function checkTimes(snapshot: ConversationSnapshot, startDay: string): void {
  const start = Date.parse(snapshot.conversation.startTime);
  expect(snapshot.messages.length).toBeGreaterThan(0);
  for (const m of snapshot.messages) expect(Date.parse(m.startTime)).toBeGreaterThanOrEqual(start);
  for (const item of [...snapshot.actionItems, ...snapshot.followUps]) {
    if (item.dueBy !== undefined) expect(item.dueBy.slice(0, 10) >= startDay).toBe(true);
  }
}

describe('transcribeAudio start time', () => {
  it("starts at the container's creation time, from a path or from bytes, and dates look ahead of it", async () => {
    const m4a = transcode(meeting.wav, '.created.m4a', ['-metadata', `creation_time=${RECORDED}`]);
    const [fromPath, fromBytes] = await Promise.all([
      transcribeAudio(m4a, { recognizer, conversation: { timeZone: 'Europe/Berlin', detectEntities: true } }),
      transcribeAudio(readFileSync(m4a), { recognizer }),
    ]);
    expect(fromPath.conversation.startTime).toBe(RECORDED);
    expect(fromBytes.conversation.startTime).toBe(RECORDED);
    expect(fromPath.messages[0]?.startTime.slice(0, 10)).toBe('2026-12-06');
    checkTimes(fromPath, '2026-12-06');
    // Whatever the recogniser made of the words, a due date is in Berlin's offset and ahead.
    const tasks = [...fromPath.actionItems, ...fromPath.followUps];
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      if (task.dueBy !== undefined)
        expect(task.dueBy).toMatch(/^2026-12-(0[7-9]|1[01])T00:00:00\.000\+01:00$/);
      // Heard right, "the end of the week" said on a Sunday is the coming Friday.
      if (/end of the week/i.test(task.text)) expect(task.dueBy).toBe('2026-12-11T00:00:00.000+01:00');
      if (/\btomorrow\b/i.test(task.text)) expect(task.dueBy).toBe('2026-12-07T00:00:00.000+01:00');
    }
    const dates = fromPath.entities.filter((e) => e.type === 'date');
    for (const d of dates) expect(String(d.value) >= '2026-12-06').toBe(true);
  });

  it('places a Broadcast WAV origination time, which has no zone, in the conversation zone', async () => {
    const bwf = transcode(meeting.wav, '.bwf.wav', [
      '-write_bext',
      '1',
      '-metadata',
      'origination_date=2026-12-06',
      '-metadata',
      'origination_time=10:15:00',
    ]);
    const snapshot = await transcribeAudio(bwf, { recognizer, conversation: { timeZone: 'Europe/Berlin' } });
    expect(snapshot.conversation.startTime).toBe(RECORDED);
  });

  it('starts at the moment of the call when the recording states no time, and a stated start wins', async () => {
    const before = Date.now();
    const [plain, stated] = await Promise.all([
      transcribeAudio(meeting.wav, { recognizer }),
      transcribeAudio(transcode(meeting.wav, '.created.m4a'), {
        recognizer,
        startTime: '2027-01-04T08:00:00Z',
      }),
    ]);
    const start = Date.parse(plain.conversation.startTime);
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(Date.now());
    checkTimes(plain, plain.conversation.startTime.slice(0, 10));
    expect(stated.conversation.startTime).toBe('2027-01-04T08:00:00.000Z');
    await expect(transcribeAudio(meeting.wav, { recognizer, startTime: 'next tuesday' })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      transcribeAudio(meeting.wav, { recognizer, conversation: { timeZone: 'Mars/Olympus' } }),
    ).rejects.toThrow(ValidationError);
  });
});

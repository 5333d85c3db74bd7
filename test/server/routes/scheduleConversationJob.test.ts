import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpeechFixture, synthesizeLines, transcode } from '../../engine/asr/speechFixture.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from '../support/testServer.ts';

// Said at 2024-03-04T15:00Z, a Monday: 07:00 in Los Angeles, 04:00 on Tuesday in Auckland.
const PROMISE = [timedLine('Ana', 'Sure, I will email it to you tomorrow.', 0, 3)];

// The meeting of issue 21, as the library's own test synthesizes it (the fixture cache is shared).
const LINES = [
  { voice: 'rms', text: 'I will fix it before the end of the week.' },
  { voice: 'slt', text: 'I will call the sales director tomorrow.' },
] as const;
const RECORDED = '2026-12-06T09:15:00.000Z';

let utc: TestServer;
let pacific: TestServer;
let meeting: SpeechFixture;

beforeAll(async () => {
  [utc, pacific] = await Promise.all([
    startTestServer(),
    startTestServer({ timeZone: 'America/Los_Angeles' }),
  ]);
  meeting = synthesizeLines(LINES);
});

afterAll(async () => {
  await Promise.all([utc?.stop(), pacific?.stop()]);
});

async function submitText(t: TestServer, body: Record<string, unknown>, conversationId?: string) {
  const path = conversationId === undefined ? '/v1/process/text' : `/v1/process/text/${conversationId}`;
  const submit = await call(t.url, conversationId === undefined ? 'POST' : 'PUT', path, {
    token: t.token,
    json: body,
  });
  expect(submit.status, JSON.stringify(submit.body)).toBe(201);
  expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
  return submit.body.conversationId as string;
}

/** The conversation as served, and the due dates of its action items and follow-ups. */
async function served(t: TestServer, conversationId: string) {
  const get = (path: string) =>
    call(t.url, 'GET', `/v1/conversations/${conversationId}${path}`, { token: t.token });
  const [conversation, actionItems, followUps] = await Promise.all([
    get(''),
    get('/action-items'),
    get('/follow-ups'),
  ]);
  const tasks: { dueBy?: string }[] = [...actionItems.body.actionItems, ...followUps.body.followUps];
  return { conversation: conversation.body, dueBy: tasks.map((i) => i.dueBy) };
}

describe('the time zone of a submitted conversation', () => {
  it("resolves 'tomorrow' in the request's zone, by name or offset, and serves it with that offset", async () => {
    const [named, offset, plain] = await Promise.all([
      submitText(utc, { messages: PROMISE, timezone: 'Pacific/Auckland' }),
      submitText(utc, { messages: PROMISE, timezoneOffset: -780 }),
      submitText(utc, { messages: PROMISE }),
    ]);
    const auckland = await served(utc, named);
    expect(auckland.conversation.timeZone).toBe('Pacific/Auckland');
    expect(auckland.dueBy).toEqual(['2024-03-06T00:00:00.000+13:00']);
    const fixed = await served(utc, offset);
    expect(fixed.conversation.timeZone).toBe('+13:00');
    expect(fixed.dueBy).toEqual(['2024-03-06T00:00:00.000+13:00']);
    const none = await served(utc, plain);
    expect(none.conversation.timeZone).toBe('UTC');
    expect(none.dueBy).toEqual(['2024-03-05T00:00:00.000Z']);
  });

  it("takes the server's default zone when the request names none, and an append keeps or moves it", async () => {
    const id = await submitText(pacific, { messages: PROMISE });
    const first = await served(pacific, id);
    expect(first.conversation.timeZone).toBe('America/Los_Angeles');
    expect(first.dueBy).toEqual(['2024-03-05T00:00:00.000-08:00']);
    // An append without a zone keeps the conversation's.
    await submitText(pacific, { messages: [timedLine('Ben', 'Thanks, that works for me.', 4, 6)] }, id);
    expect((await served(pacific, id)).dueBy).toEqual(['2024-03-05T00:00:00.000-08:00']);
    // One naming a zone moves the whole conversation there: every date is resolved again.
    await submitText(pacific, { messages: [timedLine('Ben', 'Great.', 7, 8)], timezone: 'Asia/Tokyo' }, id);
    const moved = await served(pacific, id);
    expect(moved.conversation.timeZone).toBe('Asia/Tokyo');
    expect(moved.dueBy).toEqual(['2024-03-06T00:00:00.000+09:00']);
  });

  it('refuses a zone the runtime does not know with a 400 naming the field, and stores nothing', async () => {
    for (const timezone of ['Mars/Olympus', '+25:00']) {
      const refused = await call(utc.url, 'POST', '/v1/process/text', {
        token: utc.token,
        json: { messages: PROMISE, timezone },
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/timezone/);
    }
    const outOfRange = await call(utc.url, 'POST', '/v1/process/text', {
      token: utc.token,
      json: { messages: PROMISE, timezoneOffset: 5000 },
    });
    expect(outOfRange.status).toBe(400);
  });
});

describe('the start time of a submitted recording', () => {
  it("is the container's creation time when it states one, else the moment of the request", async () => {
    const m4a = transcode(meeting.wav, '.created.m4a', ['-metadata', `creation_time=${RECORDED}`]);
    const before = Date.now();
    const upload = (path: string) =>
      call(utc.url, 'POST', '/v1/process/audio?timezone=Europe/Berlin', {
        token: utc.token,
        body: readFileSync(path),
      });
    const [created, plain] = await Promise.all([upload(m4a), upload(meeting.wav)]);
    const after = Date.now();
    for (const submit of [created, plain]) {
      expect(submit.status, JSON.stringify(submit.body)).toBe(201);
      expect(await waitForJob(utc.url, utc.token, submit.body.jobId)).toBe('completed');
    }
    const recorded = await served(utc, created.body.conversationId);
    expect(recorded.conversation.startTime).toBe(RECORDED);
    expect(recorded.conversation.timeZone).toBe('Europe/Berlin');
    // Whatever the recogniser heard, a due date is in Berlin's offset and not before the meeting.
    for (const dueBy of recorded.dueBy)
      if (dueBy !== undefined) expect(dueBy).toMatch(/^2026-12-(0[6-9]|1\d)T00:00:00\.000\+01:00$/);
    const messages = await call(utc.url, 'GET', `/v1/conversations/${created.body.conversationId}/messages`, {
      token: utc.token,
    });
    expect(messages.body.messages.length).toBeGreaterThan(0);
    for (const m of messages.body.messages)
      expect(Date.parse(m.startTime)).toBeGreaterThanOrEqual(Date.parse(RECORDED));
    const now = await served(utc, plain.body.conversationId);
    const start = Date.parse(now.conversation.startTime);
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(after);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsResponse } from '../../src/model/analytics.ts';
import { FollowUpsResponse, QuestionsResponse } from '../../src/model/insights.ts';
import { MembersResponse } from '../../src/model/members.ts';
import { MessagesResponse } from '../../src/model/messages.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from './support/testServer.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

async function submit(messages: unknown[]): Promise<string> {
  const response = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: { messages } });
  expect(response.status).toBe(201);
  expect(await waitForJob(t.url, t.token, response.body.jobId)).toBe('completed');
  return response.body.conversationId;
}

async function read(conversationId: string) {
  const get = async (path: string) =>
    (await call(t.url, 'GET', `/v1/conversations/${conversationId}/${path}`, { token: t.token })).body;
  return {
    members: MembersResponse.parse(await get('members')).members,
    messages: MessagesResponse.parse(await get('messages')).messages,
    questions: QuestionsResponse.parse(await get('questions')).questions,
    followUps: FollowUpsResponse.parse(await get('follow-ups')).followUps,
    analytics: AnalyticsResponse.parse(await get('analytics')),
  };
}

const speakersOf = (messages: Array<{ from: { name?: string | undefined } }>) =>
  messages.map((m) => m.from.name);

describe('PUT …/members/{memberId}', () => {
  it('renames a member everywhere: members, messages, insights and analytics', async () => {
    const id = await submit([
      timedLine('Ben', 'Can you send me the renewal quote by Friday?', 0, 4),
      timedLine('Ana', 'Sure, I will email the renewal quote to you tomorrow.', 5, 9),
    ]);
    const before = await read(id);
    const ben = before.members.find((m) => m.name === 'Ben')!;
    const messageIds = before.messages.map((m) => m.id);
    const response = await call(t.url, 'PUT', `/v1/conversations/${id}/members/${ben.id}`, {
      token: t.token,
      json: { id: ben.id, name: 'Benjamin Rivers', email: 'benjamin@example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.body.message).toBe(
      `Member with id: ${ben.id} for conversationId: ${id} updated successfully! The update should be reflected in all messages and insights along with this conversation`,
    );
    const after = await read(id);
    expect(after.members).toEqual([
      { id: ben.id, name: 'Benjamin Rivers', email: 'benjamin@example.com' },
      before.members.find((m) => m.name === 'Ana'),
    ]);
    expect(after.messages.map((m) => m.id)).toEqual(messageIds);
    // Insights are recomputed, and keep their ids.
    expect([...after.questions, ...after.followUps].map((i) => i.id)).toEqual(
      [...before.questions, ...before.followUps].map((i) => i.id),
    );
    expect(after.messages[0]!.from).toEqual({
      id: ben.id,
      name: 'Benjamin Rivers',
      email: 'benjamin@example.com',
    });
    const benInsights = [...after.questions, ...after.followUps].filter((i) => i.from?.id === ben.id);
    expect(benInsights.length).toBeGreaterThan(0);
    for (const insight of benInsights) expect(insight.from?.name).toBe('Benjamin Rivers');
    expect(after.analytics.members.map((m) => m.name).sort()).toEqual(['Ana', 'Benjamin Rivers']);
  });

  it('merges a member into the member that already has the email, and appends keep the merge', async () => {
    const id = await submit([
      timedLine('Ben', 'Can you send me the renewal quote by Friday?', 0, 4),
      { ...timedLine('Ana', 'Sure, I will email it tomorrow.', 5, 9) },
      { payload: { content: 'And the price stays the same?' }, from: { name: 'B. Rivers' } },
    ]);
    const before = await read(id);
    expect(before.members.map((m) => m.name)).toEqual(['Ben', 'Ana', 'B. Rivers']);
    const [ben, ana, alias] = before.members;
    const response = await call(t.url, 'PUT', `/v1/conversations/${id}/members/${alias!.id}`, {
      token: t.token,
      json: { id: alias!.id, name: 'Ben Rivers', email: 'BEN@example.com' },
    });
    expect(response.status).toBe(200);
    const after = await read(id);
    expect(after.members).toEqual([{ id: ben!.id, name: 'Ben Rivers', email: 'ben@example.com' }, ana]);
    expect(after.messages.map((m) => m.from.id)).toEqual([ben!.id, ana!.id, ben!.id]);
    expect(after.questions.map((q) => q.from?.id)).not.toContain(alias!.id);
    expect(after.analytics.members.map((m) => m.id).sort()).toEqual([ben!.id, ana!.id].sort());
    const benTalk = after.analytics.members.find((m) => m.id === ben!.id)!.talkTime.seconds;
    expect(benTalk).toBeGreaterThan(before.analytics.members.find((m) => m.id === ben!.id)!.talkTime.seconds);

    // An append restores the stored (merged) speakers instead of replaying the original input.
    const append = await call(t.url, 'PUT', `/v1/process/text/${id}`, {
      token: t.token,
      json: {
        messages: [
          { payload: { content: 'Yes, it does.' }, from: { name: 'Ana', userId: 'ana@example.com' } },
        ],
      },
    });
    expect(await waitForJob(t.url, t.token, append.body.jobId)).toBe('completed');
    const appended = await read(id);
    expect(appended.members).toEqual(after.members);
    expect(appended.messages.map((m) => m.from.id)).toEqual([ben!.id, ana!.id, ben!.id, ana!.id]);
    expect(appended.messages.slice(0, 3).map((m) => m.id)).toEqual(after.messages.map((m) => m.id));
    expect(new Set(appended.messages.map((m) => m.id)).size).toBe(4);
  });

  it('answers 404 for an unknown member or conversation and 400 for a bad body, changing nothing', async () => {
    const id = await submit([timedLine('Ben', 'Hello there.', 0, 2)]);
    const [ben] = (await read(id)).members;
    const put = (path: string, json: unknown) => call(t.url, 'PUT', path, { token: t.token, json });
    const unknownMember = await put(`/v1/conversations/${id}/members/7c9e6679-7425-40de-944b-e07fc1f90ae7`, {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      name: 'X',
    });
    expect(unknownMember.status).toBe(404);
    expect(unknownMember.body.message).toMatch(/7c9e6679/);
    const unknownConversation = await put(`/v1/conversations/1111222233334444/members/${ben!.id}`, {
      id: ben!.id,
      name: 'X',
    });
    expect(unknownConversation.status).toBe(404);
    const mismatch = await put(`/v1/conversations/${id}/members/${ben!.id}`, { id: 'other', name: 'X' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.issues[0].path).toBe('id');
    const badEmail = await put(`/v1/conversations/${id}/members/${ben!.id}`, {
      id: ben!.id,
      name: 'X',
      email: 'not an email',
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.message).toContain('email');
    const noName = await put(`/v1/conversations/${id}/members/${ben!.id}`, { id: ben!.id });
    expect(noName.status).toBe(400);
    expect((await read(id)).members).toEqual([ben]);
  });
});

describe('PUT …/speakers', () => {
  const offset = (seconds: number, nanos = 0) => ({ seconds, nanos });
  const derek = { id: '4194eb50-357d-4712-a02d-94215ead1064', name: 'Derek', email: 'derek@example.com' };
  const rita = { id: 'abcd', name: 'Rita', email: 'rita@example.com' };

  it('re-attributes messages by the timeline, to whoever covers most of each, and recomputes members', async () => {
    const id = await submit([
      { ...timedLine('Speaker 1', 'Good morning everyone.', 0.5, 3), from: { name: 'Speaker 1' } },
      { ...timedLine('Speaker 1', 'Can you share the launch numbers?', 4, 8), from: { name: 'Speaker 1' } },
      {
        ...timedLine('Speaker 2', 'Sure, we signed up two thousand people.', 11, 14),
        from: { name: 'Speaker 2' },
      },
      {
        ...timedLine('Speaker 2', 'Most of the feedback has been great.', 15, 21),
        from: { name: 'Speaker 2' },
      },
    ]);
    const before = await read(id);
    expect(before.members.map((m) => m.name)).toEqual(['Speaker 1', 'Speaker 2']);
    const response = await call(t.url, 'PUT', `/v1/conversations/${id}/speakers`, {
      token: t.token,
      json: {
        speakerEvents: [
          // Unsorted, overlapping, and with the documentation's "nanos" over a second (5 + 5 = 10 s).
          { type: 'started_speaking', user: rita, offset: offset(5, 5_000_000_000) },
          { type: 'started_speaking', user: derek, offset: offset(0, 500_000_000) },
          { type: 'stopped_speaking', user: derek, offset: { seconds: '15', nanos: '500000000' } },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.message).toBe(
      `Speaker events associated for conversationId: ${id} successfully! The update should be reflected in all messages and insights along with this conversation`,
    );
    const after = await read(id);
    // 11-14 s: Derek (to 15.5) and Rita (from 10) both cover all 3 s: the first one wins.
    // 15-21 s: Derek covers 0.5 s, Rita 6 s.
    expect(speakersOf(after.messages)).toEqual(['Derek', 'Derek', 'Derek', 'Rita']);
    expect(after.members.map((m) => [m.name, m.email])).toEqual([
      ['Derek', 'derek@example.com'],
      ['Rita', 'rita@example.com'],
    ]);
    expect(after.members[0]!.id).toBe(derek.id);
    // "abcd" is not a UUID: Rita gets a member id of her own, the same on every message.
    expect(after.members[1]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.messages[3]!.from.id).toBe(after.members[1]!.id);
    expect(after.questions.map((q) => q.from?.name)).toEqual(['Derek']);
    expect(after.analytics.members.map((m) => m.name).sort()).toEqual(['Derek', 'Rita']);
    expect(after.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id));
  });

  it('keeps messages nobody covers, accepts an empty timeline, and refuses malformed events', async () => {
    const id = await submit([timedLine('Ben', 'Hello there.', 0, 2), timedLine('Ana', 'Hi Ben.', 30, 32)]);
    const ok = await call(t.url, 'PUT', `/v1/conversations/${id}/speakers`, {
      token: t.token,
      json: {
        speakerEvents: [
          { type: 'started_speaking', user: derek, offset: offset(0) },
          { type: 'stopped_speaking', user: derek, offset: offset(5) },
        ],
      },
    });
    expect(ok.status).toBe(200);
    const after = await read(id);
    expect(speakersOf(after.messages)).toEqual(['Derek', 'Ana']);
    expect(after.members.map((m) => m.name)).toEqual(['Ana', 'Derek']);
    const empty = await call(t.url, 'PUT', `/v1/conversations/${id}/speakers`, {
      token: t.token,
      json: { speakerEvents: [] },
    });
    expect(empty.status).toBe(200);
    const bad = await call(t.url, 'PUT', `/v1/conversations/${id}/speakers`, {
      token: t.token,
      json: { speakerEvents: [{ type: 'started_talking', user: derek, offset: offset(-1) }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['speakerEvents[0].type', 'speakerEvents[0].offset.seconds']),
    );
    const missing = await call(t.url, 'PUT', `/v1/conversations/${id}/speakers`, {
      token: t.token,
      json: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('speakerEvents');
  });
});

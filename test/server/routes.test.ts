import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../src/model/conversation.ts';
import { EntitiesResponse } from '../../src/model/entities.ts';
import {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../../src/model/insights.ts';
import { MembersResponse } from '../../src/model/members.ts';
import { MessagesResponse } from '../../src/model/messages.ts';
import { TopicsResponse } from '../../src/model/topics.ts';
import { call, startTestServer, type TestServer, textPayload, waitForJob } from './support/testServer.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('POST /oauth2/token:generate', () => {
  it('issues a JWT with exp, and the same token again while it is valid', async () => {
    const first = await call(t.url, 'POST', '/oauth2/token:generate', {
      json: { type: 'application', appId: t.appId, appSecret: t.appSecret },
    });
    expect(first.status).toBe(200);
    const payload = JSON.parse(atob(first.body.accessToken.split('.')[1]));
    expect(payload.exp - payload.iat).toBe(86_400);
    expect(first.body.expiresIn).toBeGreaterThan(86_000);
    expect(first.body.accessToken).toBe(t.token);
    expect(t.appId).toMatch(/^[0-9a-z]{64}$/);
    expect(t.appSecret).toMatch(/^[0-9a-z]{128}$/);
  });

  it('answers 401 for a wrong secret and 400 for a malformed body', async () => {
    const wrong = await call(t.url, 'POST', '/oauth2/token:generate', {
      json: { type: 'application', appId: t.appId, appSecret: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(typeof wrong.body.message).toBe('string');
    const malformed = await call(t.url, 'POST', '/oauth2/token:generate', {
      body: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const missing = await call(t.url, 'POST', '/oauth2/token:generate', { json: { type: 'application' } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('appId');
  });
});

describe('authentication', () => {
  it('accepts Authorization: Bearer and x-api-key, refuses anything else with the documented body', async () => {
    expect((await call(t.url, 'GET', '/v1/conversations', { token: t.token })).status).toBe(200);
    expect(
      (await call(t.url, 'GET', '/v1/conversations', { token: t.token, header: 'x-api-key' })).status,
    ).toBe(200);
    const none = await call(t.url, 'GET', '/v1/conversations');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ message: 'Token validation failed for provided token.' });
    const forged = `${t.token.slice(0, -4)}AAAA`;
    expect((await call(t.url, 'GET', '/v1/conversations', { token: forged })).status).toBe(401);
  });
});

describe('text jobs and the conversation API', () => {
  it('processes text, serves the conversation and its messages, appends, updates and deletes', async () => {
    const submit = await call(t.url, 'POST', '/v1/process/text?name=Renewal%20call', {
      token: t.token,
      json: textPayload(3),
    });
    expect(submit.status).toBe(201);
    const { conversationId, jobId } = submit.body;
    expect(conversationId).toMatch(/^\d{16}$/);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitForJob(t.url, t.token, jobId)).toBe('completed');

    const conversation = await call(t.url, 'GET', `/v1/conversations/${conversationId}`, { token: t.token });
    expect(conversation.status).toBe(200);
    const parsed = Conversation.parse(conversation.body);
    expect(parsed.name).toBe('Renewal call');
    expect(parsed.members.map((m) => m.name).sort()).toEqual(['Ana', 'Ben']);
    expect(parsed.members.find((m) => m.name === 'Ben')?.email).toBe('ben@example.com');

    const plain = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: t.token,
    });
    const messages = MessagesResponse.parse(plain.body).messages;
    expect(messages.map((m) => m.text)).toEqual(
      [0, 1, 2].map((i) => `Message number ${i} about the renewal quote.`),
    );
    expect(messages.every((m) => m.words === undefined && m.conversationId === conversationId)).toBe(true);
    expect(messages[1]!.from.name).toBe('Ana');
    expect(Date.parse(messages[1]!.startTime)).toBeGreaterThanOrEqual(Date.parse(messages[0]!.endTime));

    const verbose = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages?verbose=true`, {
      token: t.token,
    });
    expect(verbose.body.messages[0].words.map((w: { word: string }) => w.word)).toEqual(
      'Message number 0 about the renewal quote.'.split(' '),
    );

    const append = await call(t.url, 'PUT', `/v1/process/text/${conversationId}`, {
      token: t.token,
      json: { messages: [{ payload: { content: 'One more thing.' }, from: { name: 'Cy' } }] },
    });
    expect(append.status).toBe(201);
    expect(append.body.conversationId).toBe(conversationId);
    expect(append.body.jobId).not.toBe(jobId);
    expect(await waitForJob(t.url, t.token, append.body.jobId)).toBe('completed');
    const after = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: t.token,
    });
    expect(after.body.messages.map((m: { text: string }) => m.text).at(-1)).toBe('One more thing.');
    expect(after.body.messages).toHaveLength(4);
    const members = (await call(t.url, 'GET', `/v1/conversations/${conversationId}`, { token: t.token })).body
      .members;
    expect(members).toHaveLength(3);

    const update = await call(t.url, 'PUT', `/v1/conversations/${conversationId}`, {
      token: t.token,
      json: { metadata: { agentId: 'ana' } },
    });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({ id: conversationId, metadata: { agentId: 'ana' } });
    const filtered = await call(
      t.url,
      'GET',
      `/v1/conversations?filter=${encodeURIComponent('conversation.metadata.agentId==ana')}`,
      { token: t.token },
    );
    expect(filtered.body.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const badUpdate = await call(t.url, 'PUT', `/v1/conversations/${conversationId}`, {
      token: t.token,
      json: { id: '1' },
    });
    expect(badUpdate.status).toBe(400);

    const removed = await call(t.url, 'DELETE', `/v1/conversations/${conversationId}`, { token: t.token });
    expect(removed.body).toEqual({ message: 'successfully deleted the conversation' });
    const gone = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, { token: t.token });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ message: 'The conversationId is either invalid or does not exist.' });
    expect(
      (await call(t.url, 'DELETE', `/v1/conversations/${conversationId}`, { token: t.token })).status,
    ).toBe(404);
  });

  it('runs the insight engine over the text and stores its insights with the messages', async () => {
    const submit = await call(t.url, 'POST', '/v1/process/text', {
      token: t.token,
      json: {
        messages: [
          {
            payload: { content: 'Hi Ana, Ben here. Can you send me the renewal quote by Friday?' },
            from: { userId: 'ben@example.com', name: 'Ben' },
          },
          {
            payload: { content: 'Sure, I will email it to you tomorrow.' },
            from: { userId: 'ana@example.com', name: 'Ana' },
          },
        ],
      },
    });
    expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
    const { conversationId } = submit.body;
    const messages = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages?sentiment=true`, {
      token: t.token,
    });
    // The engine splits submitted text into sentences.
    expect(messages.body.messages.map((m: { text: string }) => m.text)).toContain(
      'Can you send me the renewal quote by Friday?',
    );
    expect(messages.body.messages.every((m: { sentiment?: unknown }) => m.sentiment !== undefined)).toBe(
      true,
    );
    const get = (path: string) =>
      call(t.url, 'GET', `/v1/conversations/${conversationId}/${path}`, { token: t.token });
    const questions = QuestionsResponse.parse((await get('questions')).body).questions;
    expect(questions.map((q) => q.text)).toContain('Can you send me the renewal quote by Friday?');
    expect(questions[0]!.from?.name).toBe('Ben');
    // The routes serve what the engine stored; the engine's own quality is tested in test/engine.
    const stored = async (kind: 'action_item' | 'topic') =>
      (await t.server.store.listInsights(conversationId, [kind])).map((i) => i.body.id);
    const actionItems = ActionItemsResponse.parse((await get('action-items')).body).actionItems;
    expect(actionItems.map((a) => a.id)).toEqual(await stored('action_item'));
    const insights = InsightsResponse.parse((await get('insights')).body).insights;
    expect(insights.map((i) => i.id).sort()).toEqual(
      [...questions, ...actionItems, ...FollowUpsResponse.parse((await get('follow-ups')).body).followUps]
        .map((i) => i.id)
        .sort(),
    );
    const members = MembersResponse.parse((await get('members')).body).members;
    expect(members.map((m) => m.name).sort()).toEqual(['Ana', 'Ben']);
    const topics = (await get('topics?sentiment=true')).body.topics as { sentiment?: unknown }[];
    expect(TopicsResponse.parse({ topics }).topics.map((topic) => topic.id)).toEqual(await stored('topic'));
    expect(topics.every((topic) => topic.sentiment !== undefined)).toBe(true);
    const withParents = (await get('topics?sentiment=true&parentRefs=true')).body.topics as {
      sentiment?: unknown;
    }[];
    expect(withParents.every((topic) => topic.sentiment === undefined)).toBe(true);
    expect((await get('trackers-detected')).body).toEqual([]);
    expect((await get('trackers')).body).toEqual([]);
    expect(EntitiesResponse.parse((await get('entities')).body).entities).toBeInstanceOf(Array);
    expect((await get('topics?parentRefs=maybe')).status).toBe(400);
  });

  it('keeps the trackers of the first job when an append recomputes the insights', async () => {
    const submit = await call(t.url, 'POST', '/v1/process/text', {
      token: t.token,
      json: {
        trackers: [{ name: 'Pricing', vocabulary: ['price'] }],
        messages: [{ payload: { content: 'What is the price of the renewal?' }, from: { name: 'Ben' } }],
      },
    });
    await waitForJob(t.url, t.token, submit.body.jobId);
    const { conversationId } = submit.body;
    const trackerNames = async () =>
      (await t.server.store.listInsights(conversationId, ['tracker'])).map((i) => i.body.name);
    expect(await trackerNames()).toEqual(['Pricing']);
    const append = await call(t.url, 'PUT', `/v1/process/text/${conversationId}`, {
      token: t.token,
      json: { messages: [{ payload: { content: 'The price went up again.' }, from: { name: 'Ana' } }] },
    });
    await waitForJob(t.url, t.token, append.body.jobId);
    expect(await trackerNames()).toEqual(['Pricing']);
    const detected = await call(t.url, 'GET', `/v1/conversations/${conversationId}/trackers-detected`, {
      token: t.token,
    });
    expect(detected.body.map((tracker: { name: string }) => tracker.name)).toEqual(['Pricing']);
    const matches = (await t.server.store.listInsights(conversationId, ['tracker']))[0]!.body
      .matches as unknown[];
    expect(JSON.stringify(matches)).toContain('went up');
  });

  it('reads options from the query string and the body, body winning', async () => {
    const submit = await call(t.url, 'POST', '/v1/process/text?name=FromQuery', {
      token: t.token,
      json: textPayload(1, { name: 'FromBody' }),
    });
    await waitForJob(t.url, t.token, submit.body.jobId);
    const conversation = await call(t.url, 'GET', `/v1/conversations/${submit.body.conversationId}`, {
      token: t.token,
    });
    expect(conversation.body.name).toBe('FromBody');
  });

  it('lists conversations with limit, offset and order', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const submit = await call(t.url, 'POST', '/v1/process/text', {
        token: t.token,
        json: textPayload(1, { name: `list-${i}` }),
      });
      await waitForJob(t.url, t.token, submit.body.jobId);
      ids.push(submit.body.conversationId);
    }
    const all = await call(t.url, 'GET', '/v1/conversations?limit=65536&sort=conversation.name&order=desc', {
      token: t.token,
    });
    const names = all.body.conversations.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort().reverse());
    const page = await call(t.url, 'GET', '/v1/conversations?limit=1&offset=1&sort=conversation.name', {
      token: t.token,
    });
    expect(page.body.conversations).toHaveLength(1);
    expect(
      (await call(t.url, 'GET', '/v1/conversations?limit=0', { token: t.token })).body.conversations,
    ).toEqual([]);
    expect((await call(t.url, 'GET', '/v1/conversations?limit=-1', { token: t.token })).status).toBe(400);
  });

  it('answers 400 naming the field for bad submissions, and 404 for unknown ids', async () => {
    const empty = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('messages');
    const noContent = await call(t.url, 'POST', '/v1/process/text', {
      token: t.token,
      json: { messages: [{ payload: {} }] },
    });
    expect(noContent.status).toBe(400);
    expect(noContent.body.message).toContain('messages[0].payload.content');
    const badHook = await call(t.url, 'POST', '/v1/process/text', {
      token: t.token,
      json: textPayload(1, { webhookUrl: 'ftp://x' }),
    });
    expect(badHook.status).toBe(400);
    expect(
      (
        await call(t.url, 'PUT', '/v1/process/text/1234567890123456', {
          token: t.token,
          json: textPayload(1),
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(t.url, 'GET', '/v1/job/00000000-0000-0000-0000-000000000000', { token: t.token })).status,
    ).toBe(404);
    expect((await call(t.url, 'GET', '/v1/nowhere', { token: t.token })).status).toBe(404);
    const wrongMethod = await call(t.url, 'PATCH', '/v1/process/text', { token: t.token });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });
});

describe('limits', () => {
  it('answers 413 with the error shape for a body over the limit', async () => {
    const small = await startTestServer({ limits: { jsonBodyBytes: 1024 } });
    try {
      const response = await call(small.url, 'POST', '/v1/process/text', {
        token: small.token,
        json: textPayload(40),
      });
      expect(response.status).toBe(413);
      expect(response.body.message).toContain('1024');
    } finally {
      await small.stop();
    }
  });

  it('answers 429 with statusCode and Retry-After past the per-app job limit', async () => {
    // concurrency 0 would be invalid; a runner that waits keeps jobs unfinished instead.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = await startTestServer({
      limits: { activeJobsPerApp: 2 },
      concurrency: 1,
      runner: {
        async run(work) {
          await gate;
          return { messages: [], conversation: { startTime: work.job.createdAt } };
        },
      },
    });
    try {
      for (let i = 0; i < 2; i++) {
        expect(
          (await call(busy.url, 'POST', '/v1/process/text', { token: busy.token, json: textPayload(1) }))
            .status,
        ).toBe(201);
      }
      const refused = await call(busy.url, 'POST', '/v1/process/text', {
        token: busy.token,
        json: textPayload(1),
      });
      expect(refused.status).toBe(429);
      expect(refused.body.statusCode).toBe(429);
      expect(refused.body.message).toContain('2');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      release();
      await busy.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCallScore } from '../../src/engine/callScore/computeCallScore.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from './support/testServer.ts';

let t: TestServer;
let conversationId: string;
let jobId: string;

beforeAll(async () => {
  t = await startTestServer();
  const submitted = await call(t.url, 'POST', '/v1/process/text', {
    token: t.token,
    json: {
      messages: [
        timedLine('Ann', 'Good morning Bob, can you send me the quote by Friday?', 0, 4),
        timedLine('Bob', 'Sure, I will send you the quote by Friday.', 5, 8),
        timedLine('Ann', 'Great, that really helps us a lot, thank you.', 9, 12),
        timedLine('Bob', 'Happy to help, talk to you soon.', 13, 15),
      ],
    },
  });
  conversationId = submitted.body.conversationId;
  jobId = submitted.body.jobId;
  await waitForJob(t.url, t.token, jobId);
});
afterAll(async () => {
  await t?.stop();
});

const get = (path: string, server = t) => call(server.url, 'GET', path, { token: server.token });

describe('GET /v1/conversations/{id}/callscore', () => {
  it('is the engine’s score of the conversation’s own resources, with a reason for every criterion', async () => {
    const base = `/v1/conversations/${conversationId}`;
    const response = await get(`${base}/callscore`);
    expect(response.status).toBe(200);
    const expected = computeCallScore({
      messages: (await get(`${base}/messages?sentiment=true`)).body.messages,
      questions: (await get(`${base}/questions`)).body.questions,
      actionItems: (await get(`${base}/action-items`)).body.actionItems,
      followUps: (await get(`${base}/follow-ups`)).body.followUps,
      analytics: (await get(`${base}/analytics`)).body,
    });
    expect(response.body).toEqual(expected);
    expect(response.body.criteria).toHaveLength(6);
    for (const criterion of response.body.criteria) {
      expect(criterion.summary.length).toBeGreaterThan(10);
      expect(criterion.feedback.positive.summary).toBeTypeOf('string');
      expect(criterion.feedback.negative.summary).toBeTypeOf('string');
    }
    expect(response.body.criteria[0]).toMatchObject({ name: 'Question handling', score: 100 });
  });

  it('reports the status of the job it depends on, and 404s while that job runs', async () => {
    for (const path of ['callscore/status', 'lm-insights/status']) {
      expect((await get(`/v1/conversations/${conversationId}/${path}`)).body).toEqual({
        jobId,
        status: 'completed',
      });
    }
    const slow = await startTestServer({ runner: { run: () => new Promise(() => {}) }, jobGraceMs: 0 });
    try {
      const submit = await call(slow.url, 'POST', '/v1/process/text', {
        token: slow.token,
        json: { messages: [{ payload: { content: 'Hello there.' } }] },
      });
      const id = submit.body.conversationId;
      expect((await get(`/v1/conversations/${id}/callscore`, slow)).status).toBe(404);
      const status = (await get(`/v1/conversations/${id}/callscore/status`, slow)).body;
      expect(status.jobId).toBe(submit.body.jobId);
      expect(['scheduled', 'in_progress']).toContain(status.status);
    } finally {
      await slow.stop();
    }
    expect((await get('/v1/conversations/404/callscore')).status).toBe(404);
  });
});

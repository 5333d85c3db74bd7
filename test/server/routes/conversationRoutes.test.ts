/*
 * GET .../messages answers from lists it wrote out before only while the conversation's messages
 * are unchanged: an append, a live final or a rewrite is seen on the next read, and each query
 * shape (verbose, sentiment) is its own list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer, textPayload, waitForJob } from '../support/testServer.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const messages = async (conversationId: string, query = '') => {
  const response = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages${query}`, {
    token: t.token,
  });
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-request-id']).toBeTypeOf('string');
  expect(response.headers.ratelimit).toBeTypeOf('string');
  return (response.body as { messages: Record<string, unknown>[] }).messages;
};

describe('GET messages read again', () => {
  it('is the same answer read twice, and sees an appended job at once', async () => {
    const submitted = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: textPayload(3) });
    const { conversationId, jobId } = submitted.body as { conversationId: string; jobId: string };
    expect(await waitForJob(t.url, t.token, jobId)).toBe('completed');
    const first = await messages(conversationId);
    expect(first).toHaveLength(3);
    expect(await messages(conversationId)).toEqual(first);

    const verbose = await messages(conversationId, '?verbose=true&sentiment=true');
    expect(verbose.every((m) => Array.isArray(m.words) && m.sentiment !== undefined)).toBe(true);
    expect(first.every((m) => m.words === undefined && m.sentiment === undefined)).toBe(true);
    expect(await messages(conversationId)).toEqual(first);

    const appended = await call(t.url, 'PUT', `/v1/process/text/${conversationId}`, {
      token: t.token,
      json: textPayload(2),
    });
    expect(await waitForJob(t.url, t.token, (appended.body as { jobId: string }).jobId)).toBe('completed');
    const after = await messages(conversationId);
    expect(after).toHaveLength(5);
    expect(after.slice(0, 3).map((m) => m.id)).toEqual(first.map((m) => m.id));
    expect(await messages(conversationId, '?verbose=true&sentiment=true')).toHaveLength(5);
  });

  it('answers 404 for a conversation deleted after it was read', async () => {
    const submitted = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: textPayload(2) });
    const { conversationId, jobId } = submitted.body as { conversationId: string; jobId: string };
    expect(await waitForJob(t.url, t.token, jobId)).toBe('completed');
    expect(await messages(conversationId)).toHaveLength(2);
    expect(
      (await call(t.url, 'DELETE', `/v1/conversations/${conversationId}`, { token: t.token })).status,
    ).toBe(200);
    const gone = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, { token: t.token });
    expect(gone.status).toBe(404);
  });
});

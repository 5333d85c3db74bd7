import { describe, expect, it } from 'vitest';
import { newAppCredentials } from '../../src/server/auth/ensureApps.ts';
import { createServer } from '../../src/server/createServer.ts';
import { conversationJobRunner } from '../../src/server/jobs/conversationJobRunner.ts';
import { silentLogger } from '../../src/server/Logger.ts';
import { call, tempDataDir, textPayload, tokenFor, waitForJob } from './support/testServer.ts';

describe('two apps on one server', () => {
  it('cannot see, change or append to each other’s conversations and jobs', async () => {
    const data = tempDataDir();
    // First start: no credentials anywhere, so the server creates app one.
    const first = await createServer({ dataDir: data.dir, env: {}, logger: silentLogger });
    const one = first.createdApp!;
    await first.close();
    // Second start: app two comes from the environment; app one is still in the store.
    const two = newAppCredentials();
    const server = await createServer({
      dataDir: data.dir,
      env: { PARLEY_APP_ID: two.appId, PARLEY_APP_SECRET: two.appSecret },
      logger: silentLogger,
      pollMs: 50,
      runner: conversationJobRunner(),
    });
    try {
      expect(server.createdApp).toBeUndefined();
      const tokenOne = await tokenFor(server.url, one.appId, one.appSecret);
      const tokenTwo = await tokenFor(server.url, two.appId, two.appSecret);
      expect(tokenOne).not.toBe(tokenTwo);

      const submit = await call(server.url, 'POST', '/v1/process/text', {
        token: tokenOne,
        json: textPayload(2),
      });
      const { conversationId, jobId } = submit.body;
      expect(await waitForJob(server.url, tokenOne, jobId)).toBe('completed');

      const id = conversationId as string;
      const memberId = (await call(server.url, 'GET', `/v1/conversations/${id}/members`, { token: tokenOne }))
        .body.members[0].id as string;
      const foreign = [
        await call(server.url, 'GET', `/v1/conversations/${id}`, { token: tokenTwo }),
        await call(server.url, 'GET', `/v1/conversations/${id}/messages`, { token: tokenTwo }),
        await call(server.url, 'PUT', `/v1/conversations/${id}`, {
          token: tokenTwo,
          json: { metadata: { a: 'b' } },
        }),
        await call(server.url, 'DELETE', `/v1/conversations/${id}`, { token: tokenTwo }),
        await call(server.url, 'PUT', `/v1/process/text/${id}`, { token: tokenTwo, json: textPayload(1) }),
        await call(server.url, 'GET', `/v1/job/${jobId}`, { token: tokenTwo }),
        await call(server.url, 'GET', `/v1/conversations/${id}/analytics`, { token: tokenTwo }),
        await call(server.url, 'GET', `/v1/conversations/${id}/summary`, { token: tokenTwo }),
        await call(server.url, 'POST', `/v1/conversations/${id}/transcript`, {
          token: tokenTwo,
          json: { contentType: 'text/markdown' },
        }),
        await call(server.url, 'PUT', `/v1/conversations/${id}/members/${memberId}`, {
          token: tokenTwo,
          json: { id: memberId, name: 'Mallory' },
        }),
        await call(server.url, 'PUT', `/v1/conversations/${id}/speakers`, {
          token: tokenTwo,
          json: {
            speakerEvents: [
              { type: 'started_speaking', user: { id: 'm' }, offset: { seconds: 0, nanos: 0 } },
            ],
          },
        }),
        await call(server.url, 'GET', `/v1/conversations/${id}/trackers-detected`, { token: tokenTwo }),
      ];
      expect(foreign.map((r) => r.status)).toEqual(Array(12).fill(404));
      for (const response of foreign) {
        expect(response.body.message).toMatch(/conversationId is either invalid|No job with id/);
      }
      // Nothing app two tried changed app one's conversation.
      const members = await call(server.url, 'GET', `/v1/conversations/${id}/members`, { token: tokenOne });
      expect(members.body.members.map((m: { name: string }) => m.name)).toEqual(['Ben', 'Ana']);
      const listTwo = await call(server.url, 'GET', '/v1/conversations', { token: tokenTwo });
      expect(listTwo.body.conversations).toEqual([]);
      const listOne = await call(server.url, 'GET', '/v1/conversations', { token: tokenOne });
      expect(listOne.body.conversations.map((c: { id: string }) => c.id)).toEqual([id]);
      const messages = await call(server.url, 'GET', `/v1/conversations/${id}/messages`, { token: tokenOne });
      expect(messages.body.messages).toHaveLength(2);
    } finally {
      await server.close();
      data.remove();
    }
  });
});

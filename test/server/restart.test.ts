import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killChildServers, startChildServer, waitFor } from './support/childServer.ts';
import { call, tempDataDir, textPayload, tokenFor, waitForJob } from './support/testServer.ts';

const data = tempDataDir();
const starts = join(data.dir, 'starts.log');

afterAll(() => {
  killChildServers();
  data.remove();
});

/** Starts `serveChild.ts` in its own Node process and waits for its URL. */
const startChild = (env: Record<string, string>) =>
  startChildServer('serveChild.ts', {
    PARLEY_TEST_DATA_DIR: data.dir,
    PARLEY_TEST_STARTS: starts,
    ...env,
  });

describe('a server killed with SIGKILL mid-job', () => {
  it('finishes the job after a restart on the same data dir, writing its messages once', async () => {
    // A lease of a minute: the restarted server takes its dead predecessor's job back at once
    // instead of waiting it out.
    const first = await startChild({ PARLEY_TEST_HOLD: '1', PARLEY_TEST_LEASE_MS: '60000' });
    const appId = /appId:\s+(\S+)/.exec(first.stdout())?.[1];
    const appSecret = /appSecret:\s+(\S+)/.exec(first.stdout())?.[1];
    expect(appId).toMatch(/^[0-9a-z]{64}$/);
    expect(appSecret).toMatch(/^[0-9a-z]{128}$/);
    const token = await tokenFor(first.url, appId!, appSecret!);

    const submit = await call(first.url, 'POST', '/v1/process/text', { token, json: textPayload(5) });
    expect(submit.status).toBe(201);
    const { jobId, conversationId } = submit.body;
    await waitFor(
      () => existsSync(starts) && readFileSync(starts, 'utf8').includes(jobId),
      'the job to start',
    );
    expect((await call(first.url, 'GET', `/v1/job/${jobId}`, { token })).body.status).toBe('in_progress');
    first.process.kill('SIGKILL');
    await first.exited;

    const second = await startChild({ PARLEY_TEST_LEASE_MS: '60000' });
    expect(second.stdout()).not.toContain('appSecret');
    // The signing key comes from the server key in the data dir: a token from before the crash still works.
    expect(await waitForJob(second.url, token, jobId, 15_000)).toBe('completed');
    const messages = await call(second.url, 'GET', `/v1/conversations/${conversationId}/messages`, { token });
    expect(messages.body.messages.map((m: { text: string }) => m.text)).toEqual(
      (textPayload(5).messages as { payload: { content: string } }[]).map((m) => m.payload.content),
    );
    expect(readFileSync(starts, 'utf8').trim().split('\n')).toEqual([`${jobId} 1`, `${jobId} 2`]);

    // SIGTERM: graceful shutdown, exit code 0, structured log lines on stderr.
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const events = second.logLines().map((line) => line.event);
    expect(events).toContain('jobs.reclaimed');
    expect(events).toContain('job.completed');
    expect(events.at(-1)).toBe('server.closed');
  });
});

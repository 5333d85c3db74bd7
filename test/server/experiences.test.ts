import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/buildWeb.ts';
import { LiveTestClient, system } from './streaming/liveTestClient.ts';
import {
  call,
  startTestServer,
  type TestServer,
  tempDataDir,
  textPayload,
  waitForJob,
} from './support/testServer.ts';

const assets = tempDataDir();
let t: TestServer;
let conversationId: string;

beforeAll(async () => {
  // The pages' assets are built for this file, so it does not depend on `npm run build:web`.
  await buildWeb(join(assets.dir, 'web'));
  t = await startTestServer({
    publicUrl: 'https://parley.example.com/',
    webAssetsDir: join(assets.dir, 'web'),
  });
  const submitted = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: textPayload(4) });
  conversationId = submitted.body.conversationId;
  await waitForJob(t.url, t.token, submitted.body.jobId);
});
afterAll(async () => {
  await t?.stop();
  assets.remove();
});

const grantOf = (url: string) => new URL(url).searchParams.get('grant')!;
const local = (url: string) => url.replace('https://parley.example.com', t.url);

describe('POST /v1/conversations/{id}/experiences', () => {
  it('answers each experience with a page URL of this server (its public URL) that opens the page', async () => {
    for (const body of [
      { name: 'verbose-text-summary' },
      { name: 'video-summary', videoUrl: 'https://videos.example.com/a.mp4' },
      { name: 'audio-summary', audioURL: 'https://audio.example.com/a.wav' },
    ]) {
      const response = await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
        token: t.token,
        json: body,
      });
      expect(response.status, body.name).toBe(200);
      expect(response.body.name).toBe(body.name);
      expect(response.body.url).toMatch(
        new RegExp(
          `^https://parley\\.example\\.com/pages/conversations/${conversationId}\\?grant=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`,
        ),
      );
      const page = await call(
        t.url,
        'GET',
        new URL(response.body.url).pathname + new URL(response.body.url).search,
      );
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    }
  });

  it('without a public URL, links to the Host the caller used, or behind a trusted proxy to what it forwarded', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'meetings.example.org' };
    const direct = await startTestServer({ webAssetsDir: join(assets.dir, 'web') });
    const proxied = await startTestServer({ webAssetsDir: join(assets.dir, 'web'), trustProxy: true });
    try {
      const urlFrom = async (server: TestServer, headers: Record<string, string>) => {
        const text = await call(server.url, 'POST', '/v1/process/text', {
          token: server.token,
          json: textPayload(2),
        });
        await waitForJob(server.url, server.token, text.body.jobId);
        const response = await call(
          server.url,
          'POST',
          `/v1/conversations/${text.body.conversationId}/experiences`,
          {
            token: server.token,
            json: { name: 'verbose-text-summary' },
            headers,
          },
        );
        expect(response.status).toBe(200);
        return new URL(response.body.url).origin;
      };
      // Not behind a trusted proxy, forwarded headers are the caller's claims and are ignored.
      expect(await urlFrom(direct, forwarded)).toBe(new URL(direct.url).origin);
      expect(await urlFrom(proxied, forwarded)).toBe('https://meetings.example.org');
      expect(await urlFrom(proxied, {})).toBe(new URL(proxied.url).origin);
    } finally {
      await direct.stop();
      await proxied.stop();
    }
  });

  it('names what is wrong with a bad request, and 404s an unknown conversation', async () => {
    const bad = await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
      token: t.token,
      json: { name: 'video-summary' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/videoUrl/);
    const unknown = await call(t.url, 'POST', '/v1/conversations/999/experiences', {
      token: t.token,
      json: { name: 'verbose-text-summary' },
    });
    expect(unknown.status).toBe(404);
    const anonymous = await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
      json: { name: 'verbose-text-summary' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('puts the branding in the signed link, and the page policy allows only those origins', async () => {
    const response = await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
      token: t.token,
      json: {
        name: 'verbose-text-summary',
        logo: 'https://brand.example.com/logo.png',
        color: { background: '#102030' },
        font: { family: 'roboto' },
      },
    });
    const page = await call(
      t.url,
      'GET',
      new URL(local(response.body.url)).pathname + new URL(response.body.url).search,
    );
    expect(String(page.headers['content-security-policy'])).toContain(
      "img-src 'self' data: https://brand.example.com",
    );
    const boot = JSON.parse(
      /<script type="application\/json" id="parley-boot">(.*?)<\/script>/.exec(page.body)![1]!,
    );
    expect(boot.look).toEqual({
      logo: 'https://brand.example.com/logo.png',
      background: '#102030',
      fontFamily: 'roboto',
    });
    expect(boot.conversationId).toBe(conversationId);
  });
});

describe('the page grant', () => {
  it('reads the conversation through every read route the page uses, and nothing else', async () => {
    const url = (
      await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
        token: t.token,
        json: { name: 'verbose-text-summary' },
      })
    ).body.url;
    const grant = grantOf(url);
    const base = `/v1/conversations/${conversationId}`;
    for (const path of [
      '',
      '/messages',
      '/topics',
      '/questions',
      '/action-items',
      '/follow-ups',
      '/insights',
      '/members',
      '/entities',
      '/trackers-detected',
      '/analytics',
      '/summary',
      '/callscore',
      '/callscore/status',
      '/media',
    ]) {
      expect((await call(t.url, 'GET', `${base}${path}`, { token: grant })).status, path).toBe(200);
    }
    expect((await call(t.url, 'GET', `${base}/messages?access_token=${grant}`)).status).toBe(200);
    expect(
      (await call(t.url, 'POST', `${base}/transcript`, { token: grant, json: { contentType: 'text/srt' } }))
        .status,
    ).toBe(200);
    for (const [method, path] of [
      ['PUT', base],
      ['DELETE', base],
      ['POST', `${base}/experiences`],
      ['GET', '/v1/conversations'],
      ['GET', `${base}/lm-insights/status`],
      ['POST', '/v1/process/text'],
      ['GET', '/v1/manage/trackers'],
    ] as const) {
      expect((await call(t.url, method, path, { token: grant, json: {} })).status, `${method} ${path}`).toBe(
        401,
      );
    }
  });

  it('of the Insights UI list opens every conversation of the app; details opens one', async () => {
    const list = await call(
      t.url,
      'GET',
      '/v1/conversations/experiences/insights/list?includeCallScore=true',
      { token: t.token },
    );
    expect(list.status).toBe(200);
    expect(list.body.url).toMatch(/^https:\/\/parley\.example\.com\/pages\/conversations\?grant=/);
    const all = grantOf(list.body.url);
    expect((await call(t.url, 'GET', '/v1/conversations', { token: all })).status).toBe(200);
    expect(
      (await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, { token: all })).status,
    ).toBe(200);
    const details = await call(
      t.url,
      'GET',
      `/v1/conversations/experiences/insights/details/${conversationId}`,
      { token: t.token },
    );
    expect(details.body.url).toMatch(new RegExp(`/pages/conversations/${conversationId}\\?grant=`));
    expect((await call(t.url, 'GET', '/v1/conversations', { token: grantOf(details.body.url) })).status).toBe(
      401,
    );
    expect(
      (await call(t.url, 'GET', '/v1/conversations/experiences/insights/details/404', { token: t.token }))
        .status,
    ).toBe(404);
  });

  it('gives a live page the subscribe socket of its own connection only, while the conversation is live', async () => {
    const ws = t.url.replace('http', 'ws');
    const stream = await LiveTestClient.open(
      `${ws}/v1/streaming/exp-live-${process.pid}?access_token=${t.token}`,
    );
    stream.send({
      type: 'start_request',
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
    });
    const created = await stream.next(system('conversation_created'));
    const liveId = created.message.data.conversationId as string;
    const experience = (connectionId: string) =>
      call(t.url, 'POST', `/v1/conversations/${liveId}/experiences`, {
        token: t.token,
        json: { name: 'verbose-text-summary', connectionId },
      }).then((r) => grantOf(r.body.url));
    const grant = await experience(`exp-live-${process.pid}`);
    const subscriber = await LiveTestClient.open(
      `${ws}/v1/subscribe/exp-live-${process.pid}?access_token=${grant}`,
    );
    const elsewhere = await experience('another-connection');
    await expect(
      LiveTestClient.open(`${ws}/v1/subscribe/exp-live-${process.pid}?access_token=${elsewhere}`),
    ).rejects.toMatchObject({ status: 401 });
    // The grant may not stream audio into the conversation.
    await expect(
      LiveTestClient.open(`${ws}/v1/streaming/exp-live-${process.pid}?access_token=${grant}`),
    ).rejects.toMatchObject({ status: 401 });
    stream.send({ type: 'stop_request' });
    await stream.closed;
    expect(await subscriber.closed).toBe(1000);
  });
});

describe('the Go SDK’s experience body on POST …/summary', () => {
  it('gets the Experience API’s answer', async () => {
    const response = await call(t.url, 'POST', `/v1/conversations/${conversationId}/summary`, {
      token: t.token,
      json: { name: 'verbose-text-summary' },
    });
    expect(response.status).toBe(200);
    expect(response.body.url).toMatch(/\/pages\/conversations\//);
  });
});

describe('the page routes', () => {
  it('say why a link does not work, as a page', async () => {
    const none = await call(t.url, 'GET', `/pages/conversations/${conversationId}`);
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(none.body).toContain('This link is not valid');
    const other = await call(t.url, 'POST', '/v1/process/text', { token: t.token, json: textPayload(1) });
    const url = (
      await call(t.url, 'POST', `/v1/conversations/${other.body.conversationId}/experiences`, {
        token: t.token,
        json: { name: 'verbose-text-summary' },
      })
    ).body.url;
    const wrong = await call(t.url, 'GET', `/pages/conversations/${conversationId}?grant=${grantOf(url)}`);
    expect(wrong.status).toBe(403);
    await waitForJob(t.url, t.token, other.body.jobId);
    await call(t.url, 'DELETE', `/v1/conversations/${other.body.conversationId}`, { token: t.token });
    const gone = await call(
      t.url,
      'GET',
      `/pages/conversations/${other.body.conversationId}?grant=${grantOf(url)}`,
    );
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('no longer exists');
  });

  it('serve only the assets the build lists, cached for good, gzipped when asked', async () => {
    const page = await call(t.url, 'GET', `/pages/conversations?grant=x`);
    const css = /href="(\/pages\/assets\/app-[0-9a-f]+\.css)"/.exec(page.body)?.[1];
    expect(css).toBeDefined();
    const plain = await call(t.url, 'GET', css!);
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const zipped = await call(t.url, 'GET', css!, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    for (const path of [
      '/pages/assets/manifest.json',
      '/pages/assets/..%2Fpackage.json',
      '/pages/assets/other.js',
    ]) {
      expect((await call(t.url, 'GET', path)).status, path).toBe(404);
    }
  });
});

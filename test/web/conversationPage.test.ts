import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { MP4_VIDEO_ARGS } from '../engine/asr/speechFixture.ts';
import { call } from '../server/support/testServer.ts';
import {
  ARTIFACTS,
  experienceUrl,
  openPage,
  type PageRig,
  seriousAccessibilityViolations,
  startPageRig,
  transcribe,
} from './support/pageRig.ts';

// One server for the file; the first nine turns of the sample meeting (two voices, about 40 s:
// questions, an action item with an owner and a date, both trackers) are transcribed once, with
// the meeting's trackers, and kept for the player.
let rig: PageRig;
let conversationId: string;
let pageUrl: string;
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON as the test reads it
let api: Record<string, any>;

/** A download's bytes as text (the browser runs in another process, so there is no local path). */
async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

const get = async (path: string) =>
  (await call(rig.server.url, 'GET', path, { token: rig.server.token })).body;

beforeAll(async () => {
  rig = await startPageRig();
  const fixture = await synthesizeConversation('sample-meeting');
  const script = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../../scripts/fixtures/conversations/sample-meeting.json'),
      'utf8',
    ),
  );
  const recording = join(rig.server.dataDir, 'meeting-part.wav');
  const end = ((fixture.turns[8]?.end ?? 40) + 0.5).toFixed(2);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture.mixWav, '-t', end, recording]);
  conversationId = await transcribe(rig.server, recording, 'audio', {
    name: 'Launch review',
    enableSpeakerDiarization: true,
    diarizationSpeakerCount: 2,
    startTime: script.startTime,
    trackers: script.trackers,
    detectEntities: true,
  });
  pageUrl = await experienceUrl(rig.server, conversationId);
  const base = `/v1/conversations/${conversationId}`;
  api = {
    messages: (await get(`${base}/messages`)).messages,
    actionItems: (await get(`${base}/action-items`)).actionItems,
    questions: (await get(`${base}/questions`)).questions,
    topics: (await get(`${base}/topics`)).topics,
    trackers: await get(`${base}/trackers-detected`),
    callScore: await get(`${base}/callscore`),
  };
}, 600_000);

afterAll(async () => {
  await rig?.close();
});

describe('the conversation page of a transcribed recording', () => {
  it('shows the transcript by speaker and every insight the API has, with no error and no serious accessibility violation', async () => {
    const { page, problems } = await openPage(rig.browser, pageUrl);
    await page.locator('.lines .line').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('Launch review');

    const lines = await page.locator('.lines .line .line-text').allTextContents();
    expect(lines).toEqual(api.messages.map((m: { text: string }) => m.text));
    const ids = await page.locator('.lines .line').evaluateAll((items) => items.map((i) => i.id));
    expect(ids).toEqual(api.messages.map((m: { id: string }) => `m-${m.id}`));
    const speakers = new Set(await page.locator('.lines .line-speaker').allTextContents());
    expect(speakers.size).toBe(2);

    expect(api.actionItems.length).toBeGreaterThan(0);
    const actions = await page.locator('#action-items li').allTextContents();
    expect(actions).toHaveLength(api.actionItems.length);
    api.actionItems.forEach((item: { text: string; assignee: { name?: string } }, i: number) => {
      expect(actions[i]).toContain(item.text);
      if (item.assignee.name) expect(actions[i]).toContain(`Assigned to ${item.assignee.name}`);
    });
    expect(await page.locator('#questions li').count()).toBe(api.questions.length);
    expect(await page.locator('#topics li').count()).toBe(api.topics.length);
    expect(await page.locator('#trackers > ul > li h3').allTextContents()).toEqual(
      api.trackers.map((t: { name: string }) => expect.stringContaining(t.name)),
    );
    expect(await page.locator('#summary p').count()).toBeGreaterThan(0);
    expect(await page.locator('#call-score .big').textContent()).toBe(String(api.callScore.score));
    expect(await page.locator('#call-score .criteria > li').count()).toBe(api.callScore.criteria.length);
    // Charts: a bar per message on the speaker timeline, a row per speaker in the talk-time table.
    expect(await page.locator('.speaker-timeline rect.turn').count()).toBe(api.messages.length);
    expect(await page.locator('.talk-time tbody tr').count()).toBe(2);
    expect(await page.locator('.sentiment polyline').count()).toBe(1);
    expect(await page.locator('audio').count()).toBe(1);

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'conversation-page.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('plays from a line when it is clicked, and marks the line being played', async () => {
    const { page, problems } = await openPage(rig.browser, pageUrl);
    const target = api.messages[3] as { id: string; timeOffset: number };
    await page.locator(`#m-${target.id} .stamp`).click();
    await page.waitForFunction((start) => {
      const audio = document.querySelector('audio')!;
      return audio.readyState >= 1 && Math.abs(audio.currentTime - start) < 0.75;
    }, target.timeOffset);
    await page.locator(`#m-${target.id}[aria-current="true"]`).waitFor();
    await page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.pause());
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('finds a word with the search box', async () => {
    const { page } = await openPage(rig.browser, pageUrl);
    await page.locator('.lines .line').first().waitFor();
    const word = 'payment';
    const expected = api.messages.filter((m: { text: string }) => m.text.toLowerCase().includes(word)).length;
    expect(expected).toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Search the transcript' }).fill(word);
    expect(await page.locator('.lines .line.match').count()).toBe(expected);
    expect((await page.locator('.lines mark').allTextContents()).every((m) => m.toLowerCase() === word)).toBe(
      true,
    );
    expect(await page.locator('.search-status').textContent()).toMatch(
      new RegExp(`^${expected} lines? match`),
    );
    await page.context().close();
  });

  it('jumps from an action item to its message and moves the player there', async () => {
    const { page } = await openPage(rig.browser, pageUrl);
    const item = api.actionItems[0] as { messageIds: string[] };
    const message = api.messages.find((m: { id: string }) => m.id === item.messageIds[0]) as {
      id: string;
      timeOffset: number;
    };
    await page.locator('#action-items a.message-link').first().click();
    const line = page.locator(`#m-${message.id}`);
    await line.and(page.locator('.target')).waitFor();
    expect(await line.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.waitForFunction(
      (start) => Math.abs(document.querySelector('audio')!.currentTime - start) < 0.75,
      message.timeOffset,
    );
    await page.context().close();
  });

  it('downloads the transcript as SRT, WebVTT and Markdown through the formatted transcript API', async () => {
    const { page } = await openPage(rig.browser, pageUrl);
    for (const [label, contentType, extension] of [
      ['SRT', 'text/srt', 'srt'],
      ['WebVTT', 'text/vtt', 'vtt'],
      ['Markdown', 'text/markdown', 'md'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      const text = await streamText(await download.createReadStream());
      const expected = await call(rig.server.url, 'POST', `/v1/conversations/${conversationId}/transcript`, {
        token: rig.server.token,
        json: { contentType, showSpeakerSeparation: true },
      });
      const payload = expected.body.transcript.payload;
      expect(text).toBe(typeof payload === 'string' ? payload : payload.content);
      expect(download.suggestedFilename()).toBe(`Launch-review.${extension}`);
      if (extension === 'vtt') expect(text.startsWith('WEBVTT')).toBe(true);
    }
    await page.context().close();
  });

  it('fits a phone screen', async () => {
    const { page, problems } = await openPage(rig.browser, pageUrl, { width: 390, height: 844 });
    await page.locator('.lines .line').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'conversation-page-phone.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('links that do not work', () => {
  it('refuses an expired link with a page that says so', async () => {
    const url = await experienceUrl(rig.server, conversationId, {
      name: 'verbose-text-summary',
      summaryURLExpiresIn: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const { page } = await openPage(rig.browser, url);
    expect(await page.locator('h1').textContent()).toBe('This link has expired');
    const grant = new URL(url).searchParams.get('grant')!;
    const refused = await call(rig.server.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: grant,
    });
    expect(refused.status).toBe(401);
    await page.context().close();
  });

  it('refuses a tampered link, and a grant never opens another conversation or writes', async () => {
    const url = new URL(pageUrl);
    const grant = url.searchParams.get('grant')!;
    const [header, payload, signature] = grant.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.cid = 'someone-elses';
    url.searchParams.set(
      'grant',
      `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`,
    );
    const { page } = await openPage(rig.browser, url.toString());
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    await page.context().close();

    const other = await call(rig.server.url, 'POST', '/v1/process/text', {
      token: rig.server.token,
      json: { messages: [{ payload: { content: 'Another conversation.' } }] },
    });
    const denied = await call(
      rig.server.url,
      'GET',
      `/v1/conversations/${other.body.conversationId}/messages`,
      {
        token: grant,
      },
    );
    expect(denied.status).toBe(401);
    for (const [method, path] of [
      ['DELETE', `/v1/conversations/${conversationId}`],
      ['PUT', `/v1/conversations/${conversationId}`],
      ['POST', '/v1/process/text'],
      ['GET', '/v1/conversations'],
    ] as const) {
      expect(
        (await call(rig.server.url, method, path, { token: grant, json: {} })).status,
        `${method} ${path}`,
      ).toBe(401);
    }
  });
});

describe('a video recording', () => {
  it('plays in a video element and seeks from the transcript', { timeout: 600_000 }, async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const clip = join(rig.server.dataDir, 'clip.mp4');
    const end = ((fixture.turns[2]?.end ?? 12) + 0.5).toFixed(2);
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture.mixWav, '-t', end, ...MP4_VIDEO_ARGS, clip]);
    const id = await transcribe(rig.server, clip, 'video', { name: 'Launch review (video)' });
    const { page, problems } = await openPage(
      rig.browser,
      await experienceUrl(rig.server, id, {
        name: 'video-summary',
        videoUrl: 'https://videos.example.com/launch.mp4',
      }),
    );
    await page.locator('video').waitFor();
    // The kept recording wins over the request's videoUrl, so the page needs no network.
    expect(
      await page.locator('video').evaluate((v: HTMLVideoElement) => new URL(v.currentSrc || v.src).origin),
    ).toBe(rig.server.url);
    const { messages } = await get(`/v1/conversations/${id}/messages`);
    const last = messages.at(-1) as { id: string; timeOffset: number };
    await page.locator(`#m-${last.id} .stamp`).click();
    await page.waitForFunction((start) => {
      const video = document.querySelector('video')!;
      return video.readyState >= 1 && Math.abs(video.currentTime - start) < 0.75;
    }, last.timeOffset);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
    await page.screenshot({ path: join(ARTIFACTS, 'conversation-page-video.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

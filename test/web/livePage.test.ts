import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestClient, meetingClip, system } from '../server/streaming/liveTestClient.ts';
import { call } from '../server/support/testServer.ts';
import {
  ARTIFACTS,
  experienceUrl,
  openPage,
  type PageRig,
  seriousAccessibilityViolations,
  startPageRig,
} from './support/pageRig.ts';

let rig: PageRig;

beforeAll(async () => {
  rig = await startPageRig();
});
afterAll(async () => {
  await rig?.close();
});

/** Sends 16 kHz PCM at the pace it was spoken, 100 ms at a time. */
async function speak(client: LiveTestClient, pcm: Int16Array): Promise<void> {
  const step = 1600;
  for (let at = 0; at < pcm.length; at += step) {
    client.sendPcm(pcm.subarray(at, at + step));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the live page', () => {
  it('shows captions while a session streams, and the finished conversation after it stops', {
    timeout: 180_000,
  }, async () => {
    const clip = await meetingClip(6);
    const connectionId = `live-page-${process.pid}`;
    const ws = rig.server.url.replace('http', 'ws');
    const stream = await LiveTestClient.open(
      `${ws}/v1/streaming/${connectionId}?access_token=${rig.server.token}`,
    );
    stream.send({
      type: 'start_request',
      insightTypes: ['question', 'action_item'],
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
      speaker: { userId: 'sarah.miller@example.com', name: 'Sarah Miller' },
    });
    const created = await stream.next(system('conversation_created'));
    const conversationId = created.message.data.conversationId as string;
    const url = await experienceUrl(rig.server, conversationId, {
      name: 'verbose-text-summary',
      connectionId,
    });

    const { page, problems } = await openPage(rig.browser, url);
    await page.locator('.live-badge').waitFor();
    const speaking = speak(stream, clip.pcm);
    // A partial line appears while someone is still speaking, then finals replace it.
    await page.locator('.partials .partial').first().waitFor({ timeout: 30_000 });
    await page.locator('.captions .caption').nth(1).waitFor({ timeout: 60_000 });
    expect(await page.locator('.live-status').textContent()).toBe(
      'Following the conversation as it happens.',
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'live-page.png'), fullPage: true });
    await speaking;
    stream.send({ type: 'stop_request' });
    expect(await stream.closed).toBe(1000);

    // The page turns into the conversation page, with what the API now serves.
    await page.locator('.lines .line').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.live-badge').count()).toBe(0);
    const { messages } = (
      await call(rig.server.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
        token: rig.server.token,
      })
    ).body;
    expect(await page.locator('.lines .line-text').allTextContents()).toEqual(
      messages.map((m: { text: string }) => m.text),
    );
    const captions = await page.evaluate(() => document.title);
    expect(captions).toContain('· Parley');
    await page.screenshot({ path: join(ARTIFACTS, 'live-page-completed.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, of, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionItemNotice, postActionItems } from '../../examples/actionItemsWebhook.ts';
import { streamingSession } from '../../operators/streamingSession.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { fromFile } from '../../sources/fromFile.ts';
import { HttpError } from '../../src/errors/HttpError.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';

let live: LocalServer;
let webhook: Server;
let webhookUrl: string;
const received: ActionItemNotice[] = [];

beforeAll(async () => {
  live = await startLocalServer();
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      if (req.url === '/broken') {
        res.writeHead(503).end('down');
        return;
      }
      received.push(JSON.parse(body) as ActionItemNotice);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await live?.close();
  await new Promise((resolve) => webhook?.close(resolve));
});

describe('examples/actionItemsWebhook', () => {
  it('posts the action items of a live session to the webhook, and only them', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    // Through the sixth turn ("I will fix the payment page by Friday"), in 100 ms chunks.
    const chunks = Math.ceil(((fixture.turns[5]?.end ?? 30) + 1) * 10);
    const events$ = fromFile(fixture.mixWav).pipe(
      take(chunks),
      streamingSession({
        baseUrl: live.baseUrl,
        token: live.token,
        insightTypes: ['action_item', 'question'],
      }),
    );
    const deliveries = await lastValueFrom(postActionItems(events$, webhookUrl).pipe(toArray()));
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    expect(deliveries.every((d) => d.status === 204)).toBe(true);
    expect(received.map((n) => n.text).join(' ')).toMatch(/payment page/i);
    expect(received.some((n) => n.text.includes('?'))).toBe(false);
  });

  it('fails with HttpError when the webhook answers with an error', async () => {
    const item: StreamingEvent = {
      type: 'insight_response',
      insights: [{ id: 'i1', type: 'action_item', text: 'Do it.', payload: { content: 'Do it.' } }],
    };
    const error = await lastValueFrom(
      postActionItems(of(item), webhookUrl.replace('/hook', '/broken')),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(503);
  });
});

import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PII_TYPES } from '../../src/engine/redaction/PiiSpan.ts';
import { MessagesResponse } from '../../src/model/messages.ts';
import { everyResponse, leaks, leaksOutsideIdentified } from './support/plantedIdentifiers.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from './support/testServer.ts';

/*
 * Redaction of a text conversation: identifiers are planted, then every response the API gives
 * about it (every resource, every query option, every transcript format, the job, the webhook) is
 * searched for them.
 */

const lines = [
  timedLine('Ben', 'Hi, this is Ben from the billing team, can you confirm the account holder?', 0, 4),
  timedLine('Ana', 'Sure, my name is Dana Whitfield and my email is dana.whitfield@example.com.', 5, 10),
  timedLine('Ben', 'Thanks Dana Whitfield, what is the best number to reach you?', 11, 14),
  timedLine('Ana', 'You can call me on (415) 555-0123 any time after five.', 15, 19),
  timedLine('Ben', 'Can you read me the card number for the renewal payment?', 20, 23),
  timedLine(
    'Ana',
    'The card number is 4111 1111 1111 1111 and my social security number is 123-45-6789.',
    24,
    31,
  ),
  timedLine('Ben', 'I will send the renewal invoice to 742 Evergreen Terrace by Friday.', 32, 36),
  timedLine('Ana', 'Please wire any refund to IBAN DE89 3704 0044 0532 0130 00 instead.', 37, 42),
  timedLine('Ben', 'Dana Whitfield should expect the renewal quote tomorrow morning.', 43, 47),
];

let t: TestServer;
let hooks: { bodies: string[]; url: string; close(): Promise<void> };

beforeAll(async () => {
  t = await startTestServer({ allowPrivateNetworks: true });
  const bodies: string[] = [];
  const http = createHttpServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(body);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  hooks = {
    bodies,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
});
afterAll(async () => {
  await hooks?.close();
  await t?.stop();
});

const api = (method: string, path: string, json?: unknown) =>
  call(t.url, method, path, { token: t.token, ...(json === undefined ? {} : { json }) });

describe('redaction of an async conversation', () => {
  it('removes every planted identifier from every response, and lists them when asked', async () => {
    const submitted = await api('POST', '/v1/process/text', {
      messages: lines,
      detectEntities: true,
      enableSummary: true,
      detectPhrases: true,
      trackers: [{ name: 'Payment', vocabulary: ['card number', 'refund', 'renewal'] }],
      webhookUrl: hooks.url,
      redaction: { identifyContent: true, redactContent: true, redactionString: '[REDACTED]' },
    });
    expect(submitted.status).toBe(201);
    const { conversationId, jobId } = submitted.body;
    expect(await waitForJob(t.url, t.token, jobId)).toBe('completed');

    const responses = await everyResponse(t, conversationId, jobId);
    for (const response of responses)
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    // Identification lists the values on messages and insights, which is what it is for; every
    // other place (text, words, topics, summaries, transcripts, entities...) has none.
    expect(leaksOutsideIdentified(responses.map((r) => JSON.stringify(r.body)))).toEqual([]);
    for (const body of hooks.bodies) expect(leaks(body)).toEqual([]);
    expect(hooks.bodies.length).toBeGreaterThan(0);

    const { messages } = MessagesResponse.parse(
      (await api('GET', `/v1/conversations/${conversationId}/messages?verbose=true`)).body,
    );
    const texts = messages.map((m) => m.text).join('\n');
    expect(texts).toContain('[REDACTED]');
    expect(texts).toContain('billing team');
    const found = messages.flatMap((m) => m.entities ?? []).map((e) => e.type);
    expect(new Set(found)).toEqual(new Set(PII_TYPES));
    // Entities point at the replacement in the served text.
    for (const m of messages) {
      for (const e of m.entities ?? [])
        expect(m.text.slice(e.offset ?? -1).startsWith('[REDACTED]')).toBe(true);
    }
    // Words are redacted too: a number becomes one word, so its length is not told.
    const cardMessage = messages.find((m) => m.text.startsWith('The card number is'))!;
    expect(cardMessage.words?.map((w) => w.word).join(' ')).toContain('is [REDACTED] and');
    // The speakers stay who they are.
    expect(new Set(messages.map((m) => m.from.name))).toEqual(new Set(['Ben', 'Ana']));
  });

  it('identifies without redacting when only identifyContent is set', async () => {
    const submitted = await api('POST', '/v1/process/text', {
      messages: lines.slice(3, 4),
      redaction: { identifyContent: true },
    });
    await waitForJob(t.url, t.token, submitted.body.jobId);
    const { messages } = (await api('GET', `/v1/conversations/${submitted.body.conversationId}/messages`))
      .body;
    expect(messages[0].text).toContain('(415) 555-0123');
    expect(messages[0].entities).toEqual([
      { type: 'PHONE_NUMBER', value: '4155550123', text: '(415) 555-0123', offset: 19 },
    ]);
  });

  it('keeps redacting a conversation when a later append does not ask', async () => {
    const submitted = await api('POST', '/v1/process/text', {
      messages: lines.slice(0, 2),
      redaction: { redactContent: true },
    });
    await waitForJob(t.url, t.token, submitted.body.jobId);
    const appended = await api('PUT', `/v1/process/text/${submitted.body.conversationId}`, {
      messages: lines.slice(2, 4),
    });
    await waitForJob(t.url, t.token, appended.body.jobId);
    const all = await everyResponse(t, submitted.body.conversationId, appended.body.jobId);
    expect(all.map((r) => JSON.stringify(r.body)).flatMap(leaks)).toEqual([]);
  });

  it('refuses a redacted submission that would keep its recording, and a bad redaction string', async () => {
    const keep = await call(t.url, 'POST', '/v1/process/audio?keepMedia=true&redaction[redactContent]=true', {
      token: t.token,
      body: Buffer.alloc(64),
      headers: { 'content-type': 'audio/wav' },
    });
    expect(keep.status).toBe(400);
    expect(keep.body.message).toContain('keepMedia');
    const long = await api('POST', '/v1/process/text', {
      messages: lines.slice(0, 1),
      redaction: { redactContent: true, redactionString: 'x'.repeat(17) },
    });
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('redactionString');
  });
});

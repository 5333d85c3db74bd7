import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/server/Logger.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

let t: TestServer;
let conversationId: string;
const errors: unknown[] = [];
const statuses = new Map<number, number>();
const recordingLogger: Logger = {
  log(level, event, fields) {
    if (level === 'error') errors.push({ event, ...fields });
  },
};

beforeAll(async () => {
  t = await startTestServer({
    limits: { activeJobsPerApp: 10_000, jsonBodyBytes: 64 * 1024 },
    logger: recordingLogger,
    concurrency: 4,
  });
  const response = await request(`${t.url}/v1/process/text`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ payload: { content: 'Seed message.' } }] }),
  });
  conversationId = ((await response.body.json()) as { conversationId: string }).conversationId;
});
afterAll(async () => {
  await t.stop();
});

const routes: [string, string][] = [
  ['POST', '/oauth2/token:generate'],
  ['POST', '/v1/process/text'],
  ['POST', '/v1/process/text'],
  ['PUT', '/v1/process/text/{id}'],
  ['PUT', '/v1/process/text/{id}'],
  ['GET', '/v1/job/{id}'],
  ['GET', '/v1/conversations'],
  ['GET', '/v1/conversations/{id}'],
  ['PUT', '/v1/conversations/{id}'],
  ['DELETE', '/v1/conversations/{id}'],
  ['GET', '/v1/conversations/{id}/messages'],
  ['GET', '/v1/conversations/{id}/topics'],
  ['GET', '/v1/conversations/{id}/insights'],
  ['GET', '/v1/conversations/{id}/members'],
  ['GET', '/v1/conversations/{id}/trackers-detected'],
  ['GET', '/{id}'],
];
const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');
const requestLineArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...routes) },
  { weight: 1, arbitrary: fc.tuple(methodArb, fc.constantFrom(...routes.map(([, template]) => template))) },
);

const printable = fc.string({
  unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~'.split('')),
  maxLength: 40,
});
const anyText = fc.oneof(
  printable,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('{conversation}') },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{1,20}$/) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: anyText },
);

const queryArb = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'limit',
        'offset',
        'order',
        'sort',
        'startTime',
        'endTime',
        'filter',
        'verbose',
        'sentiment',
        'name',
        'webhookUrl',
        'messages',
        'trackers',
        'customVocabulary[0]',
        'channelMetadata[0][channel]',
        'a[]',
        '__proto__',
        'x[__proto__]',
      ),
      anyText,
    ),
    anyText,
  ),
  { maxLength: 6 },
);

const nonBlank = fc.string({ minLength: 1 }).filter((text) => text.trim() !== '');
const validMessage = fc.record(
  {
    payload: fc.record(
      { content: nonBlank, contentType: fc.constant('text/plain') },
      { requiredKeys: ['content'] },
    ),
    from: fc.record(
      { name: fc.string(), userId: fc.oneof(fc.emailAddress(), fc.string()) },
      { requiredKeys: [] },
    ),
    duration: fc.record(
      {
        startTime: fc
          .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['payload'] },
);
const validTextRequest = fc.record(
  {
    messages: fc.array(validMessage, { minLength: 1, maxLength: 4 }),
    name: fc.string(),
    webhookUrl: fc.constant(''),
    confidenceThreshold: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant('0.600000')),
    detectPhrases: fc.constantFrom(true, 'true', 'false'),
    trackers: fc.array(
      fc.record({ name: nonBlank, vocabulary: fc.array(nonBlank, { minLength: 1, maxLength: 2 }) }),
      {
        maxLength: 2,
      },
    ),
    metadata: fc.dictionary(fc.string(), fc.string({ maxLength: 130 }), { maxKeys: 3 }),
  },
  { requiredKeys: ['messages'] },
);
/** A valid request with one field (top level or inside the first message) replaced by junk. */
const mutatedTextRequest = fc
  .tuple(
    validTextRequest,
    fc.constantFrom(
      'messages',
      'name',
      'webhookUrl',
      'confidenceThreshold',
      'trackers',
      'metadata',
      'payload',
      'from',
      'duration',
      'content',
    ),
    fc.jsonValue(),
  )
  .map(([request, key, junk]) => {
    const copy = structuredClone(request) as Record<string, unknown> & {
      messages: Record<string, unknown>[];
    };
    const first = copy.messages[0]!;
    if (key === 'content') first.payload = { ...(first.payload as object), content: junk };
    else if (key === 'payload' || key === 'from' || key === 'duration') first[key] = junk;
    else (copy as Record<string, unknown>)[key] = junk;
    return copy;
  });
const jsonBody = fc.oneof(
  { weight: 3, arbitrary: validTextRequest },
  { weight: 3, arbitrary: mutatedTextRequest },
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc.record({
      metadata: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.string({ maxLength: 130 }))),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { type: fc.constantFrom('application', 'other'), appId: fc.jsonValue(), appSecret: fc.jsonValue() },
      { requiredKeys: [] },
    ),
  },
);
const bodyArb = fc.option(
  fc.oneof(
    { weight: 6, arbitrary: jsonBody.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  ),
  { nil: undefined, freq: 6 },
);

const headerValue = printable.map((s) => s.trim());
const headersArb = fc.record(
  {
    auth: fc.oneof(
      { weight: 4, arbitrary: fc.constant('valid') },
      { weight: 2, arbitrary: fc.constant('valid-x-api-key') },
      { weight: 1, arbitrary: headerValue.map((v) => `Bearer ${v}`) },
      { weight: 1, arbitrary: headerValue },
    ),
    apiKey: headerValue,
    contentType: fc.constantFrom(
      'application/json',
      'text/plain',
      'audio/wav',
      '',
      'application/json; charset=latin1',
    ),
  },
  { requiredKeys: ['auth'] },
);

describe('request surface', () => {
  it('never answers 500, and every error body has a message', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestLineArb,
        idArb,
        queryArb,
        headersArb,
        bodyArb,
        async ([method, template], id, query, headerSpec, body) => {
          // Deleting the seeded conversation would turn every later request into a 404.
          const seeded = id === '{conversation}' && method !== 'DELETE';
          const pathId = seeded ? conversationId : encodeURIComponent(id === '{conversation}' ? '1' : id);
          const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const path = template.replace('{id}', pathId) + (search === '' ? '' : `?${search}`);
          const headers: Record<string, string> = {};
          if (headerSpec.auth === 'valid') headers.authorization = `Bearer ${t.token}`;
          else if (headerSpec.auth === 'valid-x-api-key') headers['x-api-key'] = t.token;
          else if (headerSpec.auth !== '') headers.authorization = headerSpec.auth;
          if (headerSpec.apiKey) headers['x-api-key'] ??= headerSpec.apiKey;
          if (headerSpec.contentType) headers['content-type'] = headerSpec.contentType;
          const response = await request(`${t.url}${path}`, {
            method: method as 'GET',
            headers,
            ...(body === undefined || method === 'GET' ? {} : { body }),
          });
          const text = await response.body.text();
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          expect(response.statusCode, `${method} ${path} -> ${text}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(typeof JSON.parse(text).message).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
    // Jobs submitted by the fuzzer must end (completed, or failed with a reason).
    const deadline = Date.now() + 20_000;
    while ((await t.server.store.countActiveJobs()) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await t.server.store.countActiveJobs()).toBe(0);
    // Nothing reached the 500 path, and no job crashed inside the engine.
    expect(errors).toEqual([]);
    // The generators must reach handlers, not only the router and the token check.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(4);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
  });

  it('survives raw, malformed request targets', async () => {
    const targets = [
      '/v1/conversations/%E0%A4%A',
      '/v1/conversations/%',
      '//v1//conversations',
      '/v1/job/..%2f..%2f',
      '/?%%%',
    ];
    for (const target of targets) {
      const response = await request(`${t.url}${target}`, {
        headers: { authorization: `Bearer ${t.token}` },
      });
      await response.body.dump();
      expect(response.statusCode, target).toBeLessThan(500);
    }
  });
});

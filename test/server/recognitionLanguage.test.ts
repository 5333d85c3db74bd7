import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../scripts/fixtures/encodeWav.ts';
import { LANGUAGE_CODES } from '../../src/model/languageCodes.ts';
import { kind, LiveTestClient, system } from './streaming/liveTestClient.ts';
import { call, startTestServer, type TestServer, waitForJob } from './support/testServer.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const nonEnglish = LANGUAGE_CODES.filter((code) => !code.startsWith('en-'));

/** The refusal every surface gives: the code asked for, the codes that work, the installed model. */
function expectRefusal(text: string, code: string): void {
  expect(text).toContain(`cannot recognise ${code}`);
  expect(text).toContain('en-US');
  expect(text).toContain('installed recogniser models: en-us');
}

describe('a language no installed model recognises', () => {
  it.each(nonEnglish)(
    'is refused by the async audio endpoints before any media is read (%s)',
    async (code) => {
      const file = await call(server.url, 'POST', `/v1/process/audio?languageCode=${code}`, {
        token: server.token,
        body: Buffer.alloc(64),
        headers: { 'content-type': 'audio/wav' },
      });
      expect(file.status).toBe(400);
      expectRefusal(JSON.stringify(file.body), code);
      const url = await call(server.url, 'POST', '/v1/process/video/url', {
        token: server.token,
        json: { url: 'http://127.0.0.1:9/never-fetched.mp4', languageCode: code },
      });
      expect(url.status).toBe(400);
      expectRefusal(JSON.stringify(url.body), code);
    },
  );

  it('is refused on a streaming start with an error frame, then close 1008', async () => {
    const ws = server.url.replace('http', 'ws');
    const client = await LiveTestClient.open(`${ws}/v1/streaming/language-test?access_token=${server.token}`);
    client.send({
      type: 'start_request',
      config: { languageCode: 'fr-FR', speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
    });
    expect(await client.closed).toBe(1008);
    expect(client.frames.map(kind)).toEqual(['message/error']);
    expectRefusal(`${client.frames[0].message.message} ${client.frames[0].message.details}`, 'fr-FR');
    expect(client.all(system('started_listening'))).toEqual([]);
  });

  it('is refused by a telephony start before anything is dialled', async () => {
    const response = await call(server.url, 'POST', '/v1/endpoint:connect', {
      token: server.token,
      json: {
        operation: 'start',
        endpoint: { type: 'sip', uri: 'sip:nobody@127.0.0.1:9' },
        languages: [{ code: 'de-DE' }],
      },
    });
    expect(response.status).toBe(400);
    expectRefusal(JSON.stringify(response.body), 'de-DE');
  });

  it.each(['en-GB', 'en-in'])(
    'accepts an English variant (decoded with the en-us model): %s',
    async (code) => {
      const response = await call(server.url, 'POST', `/v1/process/audio?languageCode=${code}`, {
        token: server.token,
        body: encodeWav(new Int16Array(16000), 16000, 1),
        headers: { 'content-type': 'audio/wav' },
      });
      expect(response.status).toBe(201);
      expect(await waitForJob(server.url, server.token, response.body.jobId, 30_000)).toBe('completed');
    },
  );
});

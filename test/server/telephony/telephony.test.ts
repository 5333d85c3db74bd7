import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, of, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultFixtureCacheDir } from '../../../scripts/fixtures/synthesizeConversation.ts';
import { wordErrorRate } from '../../../scripts/fixtures/wordErrorRate.ts';
import { decodeG711, encodeG711 } from '../../../sources/g711.ts';
import { PocketsphinxRecognizer } from '../../../src/engine/asr/PocketsphinxRecognizer.ts';
import { type PhoneCallFixture, phoneCallFixture } from '../../sip/phoneCallFixture.ts';
import { runSipp, type SippPeer } from '../../sip/runSipp.ts';
import {
  answerScenario,
  authScenario,
  hangUpFirstScenario,
  rejectScenario,
} from '../../sip/sippScenarios.ts';
import { writeRtpPcap } from '../../sip/writeRtpPcap.ts';
import { call, startTestServer, type TestServer } from '../support/testServer.ts';

/** The SIP peers (sipp) run on loopback: the servers here may call private addresses. */
const LOOPBACK_PEERS = { allowPrivateNetworks: true };

const udpHandles = async (): Promise<number> => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
};

let peer: SippPeer | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
  await server?.stop();
  server = undefined;
});

const connect = (s: TestServer, json: unknown) =>
  call(s.url, 'POST', '/v1/endpoint:connect', { token: s.token, json });

/** Frames of one subscription socket, parsed; resolves `closed` with the close code. */
function subscribe(url: string, token: string) {
  const frames: Record<string, unknown>[] = [];
  const ws = new WebSocket(url, { headers: { 'x-api-key': token } });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  return { frames, opened, closed };
}

describe('POST /v1/endpoint:connect', () => {
  it('refuses a PSTN start without a trunk with a 400 that says so', async () => {
    server = await startTestServer(LOOPBACK_PEERS);
    const response = await connect(server, {
      operation: 'start',
      endpoint: { type: 'pstn', phoneNumber: '+14155550123' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('PARLEY_SIP_TRUNK');
  });

  it('validates with the SDKs messages and answers 404 for an unknown stop', async () => {
    server = await startTestServer(LOOPBACK_PEERS);
    const noUri = await connect(server, { operation: 'start', endpoint: { type: 'SIP' } });
    expect(noUri.status).toBe(400);
    expect(noUri.body.message).toContain("uri is required when type = 'sip'.");
    const stop = await connect(server, {
      operation: 'stop',
      connectionId: '771a8757-eff8-4b6c-97cd-64132a7bfc6e',
    });
    expect(stop.status).toBe(404);
  });

  it.each(['486 Busy Here', '404 Not Found'])(
    'answers a call the far end rejects (%s) with its status and leaves no socket',
    async (status) => {
      server = await startTestServer(LOOPBACK_PEERS);
      const before = await udpHandles();
      peer = await runSipp(rejectScenario(status));
      const response = await connect(server, {
        operation: 'start',
        endpoint: { type: 'sip', uri: peer.uri },
      });
      expect(response.status).toBe(500);
      expect(response.body.sipStatus).toBe(Number(status.slice(0, 3)));
      expect(response.body.message).toContain(status);
      expect(await peer.exited).toBe(0);
      expect(await udpHandles()).toBe(before);
    },
  );

  it('dials a phone number through the trunk, answers its digest challenge, and stops with BYE', async () => {
    peer = await runSipp(authScenario('trunkuser', 'trunkpass'));
    server = await startTestServer({
      ...LOOPBACK_PEERS,
      env: { PARLEY_SIP_TRUNK: `sip:trunkuser:trunkpass@127.0.0.1:${peer.port}` },
    });
    const before = await udpHandles();
    const start = await connect(server, {
      operation: 'start',
      endpoint: { type: 'pstn', phoneNumber: '14155550123', dtmf: null },
      actions: [{ invokeOn: 'stop', name: 'sendSummaryEmail', parameters: { emails: ['ana@example.com'] } }],
      data: { session: { name: 'Trunk call' } },
    });
    expect(start.status).toBe(201);
    expect(start.body.eventUrl).toBe(`${server.url}/v1/event/${start.body.connectionId}`);
    expect(start.body.resultWebSocketUrl).toBe(
      `${server.url.replace('http', 'ws')}/events/${start.body.connectionId}`,
    );
    const event = await call(server.url, 'POST', `/v1/event/${start.body.connectionId}`, {
      token: server.token,
      json: { topic: 'speaker', type: 'started_speaking', user: { userId: 'ana@example.com', name: 'Ana' } },
    });
    expect(event.status).toBe(200);
    const stop = await connect(server, { operation: 'stop', connectionId: start.body.connectionId });
    expect(stop.status).toBe(201);
    expect(stop.body.conversationId).toBe(start.body.conversationId);
    expect(stop.body.summaryInfo[0].user.userId).toBe('ana@example.com');
    const types = stop.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['challenged', 'answered', 'speaker_event', 'hung_up', 'action_skipped']),
    );
    expect(stop.body.events.find((e: { type: string }) => e.type === 'action_skipped').detail).toContain(
      'no SMTP server',
    );
    expect(types).not.toContain('call_failed');
    expect(await peer.exited).toBe(0);
    expect(await udpHandles()).toBe(before);
    const again = await connect(server, { operation: 'stop', connectionId: start.body.connectionId });
    expect(again.body.conversationId).toBe(start.body.conversationId);
  });
});

describe('the URLs a start hands out', () => {
  // A client's Host and X-Forwarded-Proto are its own claims: believed only from a proxy the
  // server trusts, and never over the configured public URL (a call's summary link goes out in
  // emails to third parties).
  const forged = {
    host: 'evil.example:8443',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'evil.example',
  };
  it.each([
    ['the listening address without a trusted proxy', {}, (s: TestServer) => s.url],
    [
      'the public URL',
      { publicUrl: 'https://parley.example.com/', trustProxy: true },
      () => 'https://parley.example.com',
    ],
    ['what a trusted proxy forwarded', { trustProxy: true }, () => 'https://evil.example'],
  ])('are on %s', async (_name, options, expected) => {
    peer = await runSipp(answerScenario());
    server = await startTestServer({ ...LOOPBACK_PEERS, ...options });
    const start = await call(server.url, 'POST', '/v1/endpoint:connect', {
      token: server.token,
      headers: forged,
      json: { operation: 'start', endpoint: { type: 'sip', uri: peer.uri } },
    });
    expect(start.status).toBe(201);
    const origin = expected(server);
    expect(start.body.eventUrl).toBe(`${origin}/v1/event/${start.body.connectionId}`);
    expect(start.body.resultWebSocketUrl).toBe(
      `${origin.replace(/^http/, 'ws')}/events/${start.body.connectionId}`,
    );
    const stop = await connect(server, { operation: 'stop', connectionId: start.body.connectionId });
    expect(stop.status).toBe(201);
  });
});

describe('server shutdown', () => {
  it('hangs up a live call when the server closes', async () => {
    peer = await runSipp(answerScenario());
    server = await startTestServer(LOOPBACK_PEERS);
    const start = await connect(server, { operation: 'start', endpoint: { type: 'sip', uri: peer.uri } });
    expect(start.status).toBe(201);
    await server.stop();
    server = undefined;
    // sipp's scenario ends with the BYE it receives and the 200 it sends.
    expect(await peer.exited).toBe(0);
  });
});

describe('a call that plays speech', () => {
  let fixture: PhoneCallFixture;
  let dir: string;
  beforeAll(async () => {
    fixture = await phoneCallFixture(4);
    dir = mkdtempSync(join(tmpdir(), 'parley-call-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('transcribes the far end live and through the Conversation API after it hangs up', async () => {
    const speed = 4;
    const pcap = join(dir, 'call.pcap');
    writeRtpPcap(pcap, fixture.pcm8k, { law: 'mulaw', speed });
    peer = await runSipp(hangUpFirstScenario(Math.ceil((fixture.seconds * 1000) / speed) + 800, pcap));
    server = await startTestServer(LOOPBACK_PEERS);
    const start = await connect(server, {
      operation: 'start',
      endpoint: { type: 'sip', uri: peer.uri },
      // Where the JavaScript SDK puts the caller's zone.
      data: { session: { location: { timeZone: { name: 'Asia/Tokyo' } } } },
    });
    expect(start.status).toBe(201);
    // Who speaks on the line, pushed on resultWebSocketUrl as Symbl's JavaScript SDK does.
    const events = new WebSocket(start.body.resultWebSocketUrl, { headers: { 'x-api-key': server.token } });
    await new Promise((resolve) => events.once('open', resolve));
    events.send(
      JSON.stringify({
        topic: 'speaker',
        type: 'started_speaking',
        user: { userId: 'emily.clark@example.com', name: 'Emily' },
      }),
    );
    const live = subscribe(
      `${server.url.replace('http', 'ws')}/session/subscribe/${start.body.connectionId}`,
      server.token,
    );
    await live.opened;
    expect(await live.closed).toBe(1000);
    const stop = await connect(server, { operation: 'stop', connectionId: start.body.connectionId });
    expect(stop.status).toBe(201);
    expect(stop.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['far_end_hung_up', 'speaker_event', 'speakers_attributed']),
    );

    const finals = live.frames.filter((f) => f.type === 'transcript_response' && f.isFinal === true);
    const liveText = finals.map((f) => (f.payload as { content: string }).content).join(' ');
    expect(live.frames.some((f) => f.type === 'message_response')).toBe(true);
    const messages = await call(server.url, 'GET', `/v1/conversations/${stop.body.conversationId}/messages`, {
      token: server.token,
    });
    expect(messages.status).toBe(200);
    const conversation = await call(server.url, 'GET', `/v1/conversations/${stop.body.conversationId}`, {
      token: server.token,
    });
    expect(conversation.body.timeZone).toBe('Asia/Tokyo');
    events.close();
    expect(new Set(messages.body.messages.map((m: { from: { name: string } }) => m.from.name))).toEqual(
      new Set(['Emily']),
    );
    const storedText = messages.body.messages.map((m: { text: string }) => m.text).join(' ');
    const liveWer = wordErrorRate(fixture.reference, liveText).wer;
    const storedWer = wordErrorRate(fixture.reference, storedText).wer;
    const offlineWer = wordErrorRate(fixture.reference, await recognizeOffline(fixture.pcm8k)).wer;
    console.log(
      `call WER live ${liveWer.toFixed(3)}, stored ${storedWer.toFixed(3)}, same audio offline ${offlineWer.toFixed(3)}`,
    );
    // The call path (RTP, jitter buffer, live session) must lose nothing against recognising the
    // same G.711 audio directly; the absolute level is the 8 kHz model's (about 30-45% word errors).
    expect(storedWer).toBeLessThanOrEqual(offlineWer + 0.05);
    expect(liveWer).toBeLessThanOrEqual(offlineWer + 0.05);
    expect(storedWer).toBeLessThan(0.6);
    const questions = await call(
      server.url,
      'GET',
      `/v1/conversations/${stop.body.conversationId}/questions`,
      { token: server.token },
    );
    expect(questions.status).toBe(200);
    // Which questions the 8 kHz recogniser gets right varies with the synthesized audio (it is
    // not bit-identical across machines), so the check is that the insights match the stored
    // transcript: every message the engine punctuated as a question is served as one.
    const asked = messages.body.messages
      .map((m: { text: string }) => m.text)
      .filter((text: string) => text.trim().endsWith('?'));
    const served = questions.body.questions.map((q: { text: string }) => q.text);
    expect(served, `questions of: ${storedText}`).toEqual(expect.arrayContaining(asked));
    // At least one question of this fixture survives 8 kHz recognition (synthesis is repeatable).
    expect(asked.length).toBeGreaterThan(0);
    expect(await peer.exited).toBe(0);
  });
});

/**
 * The transcript pocketsphinx makes of the same audio after a G.711 mu-law round trip, no network;
 * cached by the audio's hash (it only changes with the fixture or the recogniser).
 */
async function recognizeOffline(pcm8k: Int16Array): Promise<string> {
  const hash = createHash('sha256')
    .update(new Uint8Array(pcm8k.buffer, pcm8k.byteOffset, pcm8k.byteLength))
    .digest('hex');
  const cached = join(defaultFixtureCacheDir, `telephony-offline-${hash.slice(0, 16)}.txt`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const text = await recognizeDirectly(pcm8k);
  mkdirSync(defaultFixtureCacheDir, { recursive: true });
  writeFileSync(`${cached}.${process.pid}`, text);
  renameSync(`${cached}.${process.pid}`, cached);
  return text;
}

async function recognizeDirectly(pcm8k: Int16Array): Promise<string> {
  const pcm = decodeG711(encodeG711(pcm8k, 'mulaw'), 'mulaw');
  const chunks: Int16Array[] = [];
  for (let i = 0; i < pcm.length; i += 800) chunks.push(pcm.subarray(i, i + 800));
  const events = await lastValueFrom(
    new PocketsphinxRecognizer()
      .recognize(of(...chunks), { sampleRate: 8000, mode: 'phone' })
      .pipe(toArray()),
  );
  return events.map((e) => (e.type === 'final' ? e.utterance.text : '')).join(' ');
}

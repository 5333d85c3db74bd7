import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecognizerWorkerPool } from '../../../src/engine/asr/RecognizerWorkerPool.ts';
import { PII_TYPES } from '../../../src/engine/redaction/PiiSpan.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { startTranscriptionServer, type TranscriptionServer } from '../../support/transcriptionServer.ts';
import { everyResponse, leaks, leaksOutsideIdentified } from '../support/plantedIdentifiers.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { type Frame, LiveTestClient, meetingClip, system } from './liveTestClient.ts';

/*
 * Redaction of a live session. The words come from a remote transcription server (a user's own
 * recogniser, the one part that may be stood in for): it answers every chunk of the streamed
 * meeting with speech full of identifiers. Every frame the speaker and a subscriber receive, and
 * every response about the stored conversation, is then searched for them.
 */

const SAID = [
  'my name is Dana Whitfield and my email is dana.whitfield@example.com',
  'call me on (415) 555-0123 and the card number is 4111 1111 1111 1111',
  'my social security number is 123-45-6789 and I live at 742 Evergreen Terrace',
  'wire the refund to DE89 3704 0044 0532 0130 00 please',
].join(', ');

const pool = new RecognizerWorkerPool(1);
let whisper: TranscriptionServer;
let server: TestServer;
let clip: Awaited<ReturnType<typeof meetingClip>>;

beforeAll(async () => {
  whisper = await startTranscriptionServer({
    pool,
    respond: (request) => {
      const words = SAID.split(' ');
      const step = request.seconds / words.length;
      const body = {
        task: 'transcribe',
        language: 'english',
        duration: request.seconds,
        text: SAID,
        words: words.map((word, i) => ({ word, start: i * step, end: (i + 1) * step })),
      };
      return { status: 200, body: JSON.stringify(body) };
    },
  });
  const recognition = { remote: { url: `${whisper.url}/v1`, chunks: { minSeconds: 2 } } };
  server = await startTestServer({ recognition, runner: conversationJobRunner({ recognition }) });
  clip = await meetingClip(2);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await whisper?.close();
  await pool.close();
});

/** Streams the clip with `redaction`, with a subscriber listening; returns both sockets' frames. */
async function session(redaction: Record<string, unknown>): Promise<{
  conversationId: string;
  speaker: Frame[];
  subscriber: Frame[];
}> {
  const id = `redacted-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const ws = server.url.replace('http', 'ws');
  const client = await LiveTestClient.open(`${ws}/v1/streaming/${id}?access_token=${server.token}`);
  const subscriber = await LiveTestClient.open(`${ws}/v1/subscribe/${id}`, {
    headers: { 'x-api-key': server.token },
  });
  client.send({
    type: 'start_request',
    insightTypes: ['question', 'action_item'],
    config: {
      speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 },
      redaction,
    },
    trackers: [{ name: 'Payment', vocabulary: ['card number', 'refund'] }],
    speaker: { userId: 'ana@example.org', name: 'Ana' },
  });
  await client.next(system('recognition_started'));
  const conversationId = client.frames[1].message.data.conversationId as string;
  client.sendPcm(clip.pcm);
  client.send({ type: 'stop_request' });
  expect(await client.closed).toBe(1000);
  await subscriber.closed;
  return { conversationId, speaker: client.frames, subscriber: subscriber.frames };
}

describe('redaction of a live session', () => {
  it('removes every planted identifier from every live frame and every stored resource', async () => {
    const { conversationId, speaker, subscriber } = await session({
      identifyContent: true,
      redactContent: true,
      redactionString: '[REDACTED]',
    });
    const messages = speaker.filter((f) => f.type === 'message_response').flatMap((f) => f.messages);
    expect(messages.length).toBeGreaterThan(0);
    const content = messages.map((m: Frame) => m.payload.content).join(' ');
    expect(content).toContain('[REDACTED]');
    expect(content).toContain('refund');
    // Identified on the messages, at the replacement.
    const types = new Set(messages.flatMap((m: Frame) => m.entities ?? []).map((e: Frame) => e.type));
    expect(types).toEqual(new Set(PII_TYPES));
    // The original text is not kept unless asked.
    for (const m of messages) expect(m.metadata.originalContent).toBe(m.payload.content);
    const finals = speaker.filter((f) => f.type === 'message' && f.message.type === 'recognition_result');
    expect(finals.length).toBeGreaterThan(0);
    expect(subscriber.some((f) => f.type === 'message_response')).toBe(true);
    const live = [...speaker, ...subscriber].map((f) => JSON.stringify(f));
    expect(leaksOutsideIdentified(live)).toEqual([]);

    const responses = await everyResponse(server, conversationId);
    for (const response of responses)
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    expect(leaksOutsideIdentified(responses.map((r) => JSON.stringify(r.body)))).toEqual([]);
  }, 180_000);

  it('keeps the original text on live messages only when asked, and never stores it', async () => {
    const { conversationId, speaker } = await session({ redactContent: true, keepOriginalContent: true });
    const messages = speaker.filter((f) => f.type === 'message_response').flatMap((f) => f.messages);
    const originals = messages.map((m: Frame) => m.metadata.originalContent).join(' ');
    expect(leaks(originals)).toEqual(expect.arrayContaining(['Dana Whitfield', '4111 1111 1111 1111']));
    expect(messages.map((m: Frame) => m.payload.content).flatMap(leaks)).toEqual([]);
    // Without identifyContent nothing is listed, so nothing served may hold an identifier.
    const responses = await everyResponse(server, conversationId);
    expect(responses.map((r) => JSON.stringify(r.body)).flatMap(leaks)).toEqual([]);
  }, 180_000);
});

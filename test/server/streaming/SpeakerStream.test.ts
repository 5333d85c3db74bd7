import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeG711 } from '../../../sources/g711.ts';
import { floatToInt16, Resampler } from '../../../src/engine/audio/Resampler.ts';
import { UnsupportedMediaError } from '../../../src/errors/UnsupportedMediaError.ts';
import type { ServerMessage } from '../../../src/model/streaming.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { LiveConversationRegistry } from '../../../src/server/streaming/LiveConversationRegistry.ts';
import { SpeakerStream } from '../../../src/server/streaming/SpeakerStream.ts';
import { tempDataDir } from '../support/testServer.ts';
import { meetingClip, words } from './liveTestClient.ts';

const data = tempDataDir();
let store: SqliteStore;
let registry: LiveConversationRegistry;
let clip: Awaited<ReturnType<typeof meetingClip>>;

beforeAll(async () => {
  store = SqliteStore.open(data.dir);
  await store.putApp({ appId: 'app', secretHash: 'unused', createdAt: new Date().toISOString() });
  registry = new LiveConversationRegistry({ store, logger: silentLogger });
  clip = await meetingClip(2);
});
afterAll(async () => {
  await store?.close();
  data.remove();
});

/** 16 kHz PCM as 8 kHz mu-law bytes, the way a telephone leg carries it. */
function toMulaw8k(pcm: Int16Array): Buffer {
  const resampler = new Resampler(16000, 8000);
  const floats = Float32Array.from(pcm, (s) => s / 32768);
  const narrow = floatToInt16(resampler.push(floats));
  return encodeG711(narrow, 'mulaw');
}

describe('SpeakerStream', () => {
  it('recognises 8 kHz mu-law, emits finals then messages, and persists on stop', async () => {
    const stream = await SpeakerStream.open(
      {
        conversationId: '1000000000000001',
        appId: 'app',
        name: 'phone call',
        conversationType: 'call',
        audio: { encoding: 'MULAW', sampleRateHertz: 8000 },
        speaker: { userId: 'caller@example.com', name: 'Caller' },
        insightTypes: ['question'],
      },
      registry,
    );
    expect(stream.created).toBe(true);
    const frames = lastValueFrom(stream.events$.pipe(toArray()));
    const bytes = toMulaw8k(clip.pcm);
    // Odd-sized pieces: frames need not align with samples.
    for (let i = 0; i < bytes.length; i += 1001) stream.pushEncoded(bytes.subarray(i, i + 1001));
    await stream.stop();
    const all: ServerMessage[] = await frames;
    const finals = all.filter(
      (f) => f.type === 'message' && f.message.type === 'recognition_result' && f.message.isFinal,
    );
    const messages = all.flatMap((f) => (f.type === 'message_response' ? f.messages : []));
    expect(finals.length).toBeGreaterThan(0);
    expect(messages.length).toBeGreaterThan(0);
    const firstFinal = all.findIndex((f) => finals.includes(f));
    expect(all.findIndex((f) => f.type === 'message_response')).toBeGreaterThan(firstFinal);
    const heard = words(messages.map((m) => m.payload.content).join(' '));
    const spoken = new Set(words(clip.texts.join(' ')));
    expect(heard.filter((w) => spoken.has(w)).length / heard.length).toBeGreaterThan(0.5);
    const stored = await store.listMessages('1000000000000001');
    expect(stored.map((m) => m.body.id)).toEqual(messages.map((m) => m.id));
    const conversation = await store.getConversation('app', '1000000000000001');
    expect(conversation).toMatchObject({ name: 'phone call', type: 'call' });
    expect(stream.state).toBe('stopped');
  });

  it('shares one conversation between speaker streams and completes it with the last one', async () => {
    const options = { conversationId: '1000000000000002', appId: 'app' };
    const first = await SpeakerStream.open({ ...options, speaker: { name: 'Ana' } }, registry);
    const second = await SpeakerStream.open({ ...options, speaker: { name: 'Ben' } }, registry);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.conversation).toBe(first.conversation);
    const secondFrames = lastValueFrom(second.events$.pipe(toArray()));
    first.pushAudio(clip.pcm);
    await first.stop();
    expect(first.conversation.completed).toBe(false);
    second.pushAudio(new Int16Array(1600));
    await second.pause();
    await second.resume();
    await second.stop();
    expect(first.conversation.completed).toBe(true);
    expect(registry.get('app', '1000000000000002')).toBeUndefined();
    // Ben's stream received Ana's messages.
    const seen = (await secondFrames).flatMap((f) => (f.type === 'message_response' ? f.messages : []));
    expect(seen.map((m) => m.from.name)).toContain('Ana');
  });

  it('refuses encodings it cannot decode before creating anything', async () => {
    await expect(
      SpeakerStream.open(
        {
          conversationId: '1000000000000003',
          appId: 'app',
          audio: { encoding: 'Opus', sampleRateHertz: 48000 },
        },
        registry,
      ),
    ).rejects.toBeInstanceOf(UnsupportedMediaError);
    expect(registry.get('app', '1000000000000003')).toBeUndefined();
  });
});

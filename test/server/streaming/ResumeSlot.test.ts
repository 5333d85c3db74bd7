import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRequest } from '../../../src/model/streamingClientMessages.ts';
import { resolveStartRequest } from '../../../src/model/streamingSettings.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { LiveConversationRegistry } from '../../../src/server/streaming/LiveConversationRegistry.ts';
import { ResumeSlot } from '../../../src/server/streaming/ResumeSlot.ts';
import { SpeakerStream } from '../../../src/server/streaming/SpeakerStream.ts';
import { tempDataDir } from '../support/testServer.ts';

const data = tempDataDir();
let store: SqliteStore;
let registry: LiveConversationRegistry;

beforeAll(async () => {
  store = SqliteStore.open(data.dir);
  await store.putApp({ appId: 'app', secretHash: 'unused', createdAt: new Date().toISOString() });
  registry = new LiveConversationRegistry({ store, logger: silentLogger });
});
afterAll(async () => {
  await store?.close();
  data.remove();
});

describe('ResumeSlot', () => {
  it('tells the socket that carried it when another takes over, expires only while dropped, and stops its stream', async () => {
    const speaker = await SpeakerStream.open({ conversationId: '1000000000000101', appId: 'app' }, registry);
    const settings = resolveStartRequest(StartRequest.parse({ type: 'start_request' }));
    const slot = new ResumeSlot('key', speaker, settings);
    expect(slot.dropped).toBe(true);

    const first = slot.carry();
    let firstTakenOver = 0;
    first.subscribe(() => {
      firstTakenOver += 1;
    });
    expect(slot.isCarriedBy(first)).toBe(true);
    const second = slot.carry();
    // The notice is synchronous: the old socket lets go before the new one replays.
    expect(firstTakenOver).toBe(1);
    expect([slot.isCarriedBy(first), slot.isCarriedBy(second), slot.dropped]).toEqual([false, true, false]);

    let expired = 0;
    slot.drop(0.05, () => {
      expired += 1;
    });
    expect(slot.dropped).toBe(true);
    slot.carry(); // resumed in time: the expiry is off
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(expired).toBe(0);
    await new Promise<void>((resolve) => slot.drop(0.01, resolve));

    await slot.stop();
    expect(speaker.state).toBe('stopped');
    expect(speaker.conversation.completed).toBe(true);
  });
});

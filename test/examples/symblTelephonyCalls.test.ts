import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callLikeSymbl } from '../../examples/symblTelephonyCalls.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { pushSpeakerEvent } from '../../src/telephony/pushSpeakerEvent.ts';
import { startTestServer, type TestServer } from '../server/support/testServer.ts';
import { phoneCallFixture } from '../sip/phoneCallFixture.ts';
import { runSipp, type SippPeer } from '../sip/runSipp.ts';
import { answerAndPlayScenario } from '../sip/sippScenarios.ts';
import { writeRtpPcap } from '../sip/writeRtpPcap.ts';

let server: TestServer;
/** The server under test at the address the example takes. */
let live: { baseUrl: string; token: string };
let peer: SippPeer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'parley-symbl-call-'));
beforeAll(async () => {
  // sipp answers on loopback, which a server calls only when allowed to reach private networks.
  server = await startTestServer({ allowPrivateNetworks: true });
  live = { baseUrl: server.url, token: server.token };
});
afterAll(async () => {
  await peer?.stop();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/symblTelephonyCalls', () => {
  it('dials sipp, attributes the call by a speaker event, watches it and stops it', async () => {
    const fixture = await phoneCallFixture(2);
    const pcap = join(dir, 'call.pcap');
    writeRtpPcap(pcap, fixture.pcm8k, { law: 'mulaw', speed: 4 });
    peer = await runSipp(answerAndPlayScenario(pcap));
    const call = await callLikeSymbl(
      peer.uri,
      live,
      { userId: 'emily.clark@example.com', name: 'Emily' },
      fixture.seconds / 4 + 3,
    );
    expect(call.conversationId).toMatch(/^\d+$/);
    expect(call.heard.length).toBeGreaterThan(0);
    // The watcher saw what the call's own Observable got; the speaker event named who talks.
    expect(call.watched).toEqual(call.heard);
    expect(call.stored.length).toBeGreaterThan(0);
    for (const line of call.stored) expect(line.startsWith('Emily: ')).toBe(true);
  }, 120_000);

  it('pushSpeakerEvent refuses an event without a user id before sending, and an unknown connection', async () => {
    expect(() =>
      pushSpeakerEvent('c', { type: 'started_speaking', user: { userId: '', name: 'Emily' } }, live),
    ).toThrow(ValidationError);
    const unknown = firstValueFrom(
      pushSpeakerEvent('nobody-here', { type: 'started_speaking', user: { userId: 'e@example.com' } }, live),
    );
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
  });
});

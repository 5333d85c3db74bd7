import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { transcript } from '../../operators/transcript.ts';
import { SipError } from '../../src/errors/SipError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { startPstn } from '../../src/telephony/startPstn.ts';
import { startSip } from '../../src/telephony/startSip.ts';
import { stop } from '../../src/telephony/stop.ts';
import { results, type TelephonyConnectionEvent } from '../../src/telephony/TelephonyConnectionEvent.ts';
import { startTestServer, type TestServer } from '../server/support/testServer.ts';
import { phoneCallFixture } from '../sip/phoneCallFixture.ts';
import { runSipp, type SippPeer } from '../sip/runSipp.ts';
import { answerScenario, hangUpFirstScenario, rejectScenario } from '../sip/sippScenarios.ts';
import { writeRtpPcap } from '../sip/writeRtpPcap.ts';

let peer: SippPeer | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
  await server?.stop();
  server = undefined;
});

describe('telephony client', () => {
  it('streams a call that plays speech until the far end hangs up, then reports the conversation', async () => {
    const fixture = await phoneCallFixture(2);
    const dir = mkdtempSync(join(tmpdir(), 'parley-call-'));
    try {
      const pcap = join(dir, 'call.pcap');
      writeRtpPcap(pcap, fixture.pcm8k, { law: 'mulaw', speed: 4 });
      peer = await runSipp(hangUpFirstScenario(Math.ceil((fixture.seconds * 1000) / 4) + 500, pcap));
      server = await startTestServer({ allowPrivateNetworks: true });
      const events = await lastValueFrom(
        startSip({ uri: peer.uri }, { baseUrl: server.url, token: server.token }).pipe(toArray()),
      );
      expect(events[0]?.type).toBe('telephony_connected');
      const last = events.at(-1) as Extract<TelephonyConnectionEvent, { type: 'telephony_stopped' }>;
      expect(last.type).toBe('telephony_stopped');
      expect(last.result.conversationId).toMatch(/^\d+$/);
      const finals = await lastValueFrom(
        from(events).pipe(results(), transcript({ final: true }), toArray()),
      );
      // The 8 kHz line is hard for the model (the server test bounds accuracy against offline
      // recognition); here the point is that the selectors read a telephony connection.
      const text = finals.map((f) => f.text).join(' ');
      // A phrase of the second line the 8 kHz model recognises in this fixture (synthesis is
      // repeatable, so it is the same on every machine).
      expect(text.toLowerCase()).toContain('this is really bad');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hangs up when asked and errors with SipError when the far end rejects', async () => {
    server = await startTestServer({ allowPrivateNetworks: true });
    peer = await runSipp(answerScenario());
    const hangUp = new Subject<void>();
    const seen: string[] = [];
    const done = lastValueFrom(
      startSip({ uri: peer.uri }, { baseUrl: server.url, token: server.token, hangUp }).pipe(toArray()),
    );
    setTimeout(() => hangUp.next(), 300);
    for (const e of await done) seen.push(e.type);
    expect(seen[0]).toBe('telephony_connected');
    expect(seen.at(-1)).toBe('telephony_stopped');
    expect(await peer.exited).toBe(0);
    await peer.stop();

    peer = await runSipp(rejectScenario('486 Busy Here'));
    const error = await lastValueFrom(
      startSip({ uri: peer.uri }, { baseUrl: server.url, token: server.token }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipError);
    expect((error as SipError).sipStatus).toBe(486);
  });

  it('reports a server without a trunk, and an unknown stop, as typed errors', async () => {
    server = await startTestServer({ allowPrivateNetworks: true });
    const options = { baseUrl: server.url, token: server.token };
    const pstn = await lastValueFrom(startPstn({ phoneNumber: '+14155550123' }, options)).catch(
      (e: unknown) => e,
    );
    expect(pstn).toBeInstanceOf(ValidationError);
    expect((pstn as Error).message).toContain('PARLEY_SIP_TRUNK');
    const unknown = await lastValueFrom(stop('771a8757-eff8-4b6c-97cd-64132a7bfc6e', options)).catch(
      (e: unknown) => e,
    );
    expect((unknown as { status?: number }).status).toBe(404);
  });
});

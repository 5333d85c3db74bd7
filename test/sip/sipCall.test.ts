import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, type Observable, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from '../../sources/g711.ts';
import { parseRtpPacket } from '../../sources/parseRtpPacket.ts';
import { SipError } from '../../src/errors/SipError.ts';
import { dtmfEventCode, parseDtmfPayload } from '../../src/sip/dtmfPackets.ts';
import { parseSipMessage } from '../../src/sip/SipMessage.ts';
import { type SipCallEvent, type SipCallOptions, sipCall } from '../../src/sip/sipCall.ts';
import { phoneCallFixture } from './phoneCallFixture.ts';
import { freeUdpPort, runSipp, type SippPeer } from './runSipp.ts';
import {
  answerScenario,
  authScenario,
  hangUpFirstScenario,
  rejectScenario,
  ringUntilCancelScenario,
} from './sippScenarios.ts';
import { writeRtpPcap } from './writeRtpPcap.ts';

const udpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
/** Open UDP sockets once closes already requested have run their course. */
async function settledUdpHandles(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return udpHandles();
}

let peer: SippPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

/** Runs a call to completion; resolves its events, or rejects with its error and the events so far. */
function collect(call$: Observable<SipCallEvent>): { events: SipCallEvent[]; done: Promise<SipCallEvent[]> } {
  const events: SipCallEvent[] = [];
  const done = new Promise<SipCallEvent[]>((resolve, reject) => {
    call$.subscribe({ next: (e) => events.push(e), error: reject, complete: () => resolve(events) });
  });
  return { events, done };
}

const fast: Partial<SipCallOptions> = { localHost: '127.0.0.1', timers: { t1: 100, t2: 400 } };

describe('sipCall against sipp', () => {
  it('rings, is answered, hangs up with BYE and closes its sockets', async () => {
    const before = await settledUdpHandles();
    peer = await runSipp(answerScenario());
    const hangUp = new Subject<void>();
    const call$ = sipCall({ ...fast, target: peer.uri, hangUp });
    const { events, done } = collect(call$);
    await waitFor(() => events.some((e) => e.type === 'answered'));
    expect(udpHandles()).toBe(before + 2);
    hangUp.next();
    const all = await done;
    expect(all.map((e) => e.type)).toEqual(['calling', 'provisional', 'provisional', 'answered', 'ended']);
    expect(all.at(-1)).toMatchObject({ type: 'ended', by: 'local' });
    expect(all.find((e) => e.type === 'answered')).toMatchObject({ codec: 'PCMU' });
    expect(await peer.exited).toBe(0);
    expect(await settledUdpHandles()).toBe(before);
  });

  it('ends cleanly when the far end hangs up first', async () => {
    const before = await settledUdpHandles();
    peer = await runSipp(hangUpFirstScenario(300));
    const all = await lastValueFrom(sipCall({ ...fast, target: peer.uri }).pipe(toArray()));
    expect(all.at(-1)).toEqual({ type: 'ended', by: 'remote', reason: 'the far end hung up' });
    expect(await peer.exited).toBe(0);
    expect(await settledUdpHandles()).toBe(before);
  });

  it.each(['PCMU', 'PCMA'] as const)("receives the far end's %s audio sample for sample", async (codec) => {
    const law = codec === 'PCMU' ? 'mulaw' : 'alaw';
    const pcm = (await phoneCallFixture(1)).pcm8k.subarray(0, 8000 * 2);
    const dir = mkdtempSync(join(tmpdir(), 'parley-pcap-'));
    try {
      writeRtpPcap(join(dir, 'a.pcap'), pcm, { law, speed: 4 });
      peer = await runSipp(hangUpFirstScenario(1000, join(dir, 'a.pcap'), codec));
      const all = await lastValueFrom(sipCall({ ...fast, target: peer.uri }).pipe(toArray()));
      expect(all.find((e) => e.type === 'answered')).toMatchObject({ codec });
      const received = Buffer.concat(all.flatMap((e) => (e.type === 'audio' ? [e.chunk.data] : [])));
      const expected = decodeG711(encodeG711(pcm.subarray(0, Math.floor(pcm.length / 160) * 160), law), law);
      expect(new Int16Array(received.buffer, received.byteOffset, received.length / 2)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['486 Busy Here', 486],
    ['404 Not Found', 404],
  ])('ends a call rejected with %s with a rejected event and a typed error', async (status, code) => {
    const before = await settledUdpHandles();
    peer = await runSipp(rejectScenario(status));
    const { events, done } = collect(sipCall({ ...fast, target: peer.uri }));
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SipError);
    expect((error as SipError).sipStatus).toBe(code);
    expect((error as SipError).message).toContain(status);
    expect(events.at(-1)).toEqual({ type: 'rejected', status: code, reason: status.slice(4) });
    expect(await peer.exited).toBe(0);
    expect(await settledUdpHandles()).toBe(before);
  });

  it('cancels a call that is still ringing when hung up, and ends it locally', async () => {
    const before = await settledUdpHandles();
    peer = await runSipp(ringUntilCancelScenario());
    const hangUp = new Subject<void>();
    const { events, done } = collect(sipCall({ ...fast, target: peer.uri, hangUp }));
    await waitFor(() => events.some((e) => e.type === 'provisional' && e.status === 180));
    hangUp.next();
    const all = await done;
    expect(all.at(-1)).toEqual({ type: 'ended', by: 'local', reason: 'cancelled before answer' });
    expect(await peer.exited).toBe(0);
    expect(await settledUdpHandles()).toBe(before);
  });

  it.each(['401', '407'] as const)('answers a %s digest challenge and is let in', async (status) => {
    peer = await runSipp(authScenario('alice', 's3cret', status));
    const hangUp = new Subject<void>();
    const { events, done } = collect(
      sipCall({ ...fast, target: peer.uri, credentials: { username: 'alice', password: 's3cret' }, hangUp }),
    );
    await waitFor(() => events.some((e) => e.type === 'answered' || e.type === 'rejected'));
    hangUp.next();
    const all = await done;
    expect(all.find((e) => e.type === 'challenged')).toEqual({
      type: 'challenged',
      status: Number(status),
      realm: 'parley.test',
    });
    expect(all.at(-1)).toMatchObject({ type: 'ended', by: 'local' });
    expect(await peer.exited).toBe(0);
  });

  it('fails with 403 when the credentials are wrong, and with 401 when there are none', async () => {
    peer = await runSipp(authScenario('alice', 's3cret'));
    const wrong = await lastValueFrom(
      sipCall({ ...fast, target: peer.uri, credentials: { username: 'alice', password: 'nope' } }),
    ).catch((e: unknown) => e);
    expect((wrong as SipError).sipStatus).toBe(403);
    await peer.stop();
    peer = await runSipp(authScenario('alice', 's3cret'));
    const none = await lastValueFrom(sipCall({ ...fast, target: peer.uri })).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(SipError);
    expect((none as SipError).sipStatus).toBe(401);
    expect((none as SipError).message).toContain('no credentials');
  });

  it('sends DTMF as RFC 4733 events to the answered media address', async () => {
    const media = createSocket('udp4');
    await new Promise<void>((resolve) => media.bind(0, '127.0.0.1', resolve));
    const received: Buffer[] = [];
    media.on('message', (m) => received.push(m));
    peer = await runSipp(answerScenario(String(media.address().port)));
    const hangUp = new Subject<void>();
    const { events, done } = collect(sipCall({ ...fast, target: peer.uri, dtmf: '1,9#', hangUp }));
    await waitFor(() => events.some((e) => e.type === 'dtmf_sent'));
    hangUp.next();
    await done;
    media.close();
    const ends = received
      .map((d) => parseRtpPacket(d))
      .filter((p) => p.payloadType === 101)
      .map((p) => ({ ts: p.timestamp, ...parseDtmfPayload(p.payload) }))
      .filter((e) => e.end);
    const keys = [...new Map(ends.map((e) => [e.ts, e.code])).values()];
    expect(keys).toEqual(['1', '9', '#'].map((k) => dtmfEventCode(k)));
  });
});

describe('sipCall without a peer', () => {
  it('retransmits the INVITE on Timer A and fails with 408 when Timer B fires', async () => {
    const before = await settledUdpHandles();
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const invites: string[] = [];
    silent.on('message', (m) => invites.push(parseSipMessage(m).kind === 'request' ? 'INVITE' : 'other'));
    const target = `sip:nobody@127.0.0.1:${silent.address().port}`;
    const error = await lastValueFrom(
      sipCall({ localHost: '127.0.0.1', target, timers: { t1: 20, t2: 80 } }),
    ).catch((e: unknown) => e);
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(error).toBeInstanceOf(SipError);
    expect((error as SipError).sipStatus).toBe(408);
    // 64*T1 = 1280 ms covers sends at 0, 20, 60, 140, 300, 620 and 1260 ms.
    expect(invites.length).toBeGreaterThanOrEqual(5);
    expect(await settledUdpHandles()).toBe(before);
  });

  it('rejects a target that is not a SIP URI before touching the network', () => {
    expect(() => sipCall({ target: 'tel:+14155550123' })).toThrow(/SIP call target/);
  });

  it('stops at once when hung up before any response', async () => {
    const port = await freeUdpPort();
    const hangUp = Promise.resolve();
    const all = await lastValueFrom(
      sipCall({ ...fast, target: `sip:x@127.0.0.1:${port}`, hangUp }).pipe(toArray()),
    );
    expect(all.at(-1)).toMatchObject({ type: 'ended', by: 'local' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

import { PassThrough } from 'node:stream';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCall } from '../../src/cli/runCall.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { runSipp, type SippPeer } from '../sip/runSipp.ts';
import { answerScenario } from '../sip/sippScenarios.ts';

let peer: SippPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

const sink = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => {
    text += d.toString();
  });
  return { stream, text: () => text };
};

describe('parley call', () => {
  it('calls a SIP URI from the local engine and hangs up on Ctrl-C, printing the conversation', async () => {
    peer = await runSipp(answerScenario());
    const stdout = sink();
    const stderr = sink();
    const interrupt$ = new Subject<void>();
    const done = runCall(peer.uri, {}, { stdout: stdout.stream, stderr: stderr.stream, interrupt$ });
    // Ctrl-C as soon as the call is connected.
    const timer = setInterval(() => {
      if (stderr.text().includes('connected')) interrupt$.next();
    }, 20);
    const conversationId = await done.finally(() => clearInterval(timer));
    expect(conversationId).toMatch(/^\d+$/);
    expect(stderr.text()).toContain(`call ended; conversation ${conversationId}`);
    expect(await peer.exited).toBe(0);
  });

  it('refuses a target that is neither a SIP URI nor a number', async () => {
    const io = { stdout: sink().stream, stderr: sink().stream };
    await expect(runCall('bob', {}, io)).rejects.toThrow(ValidationError);
    await expect(runCall('sip:a@b', { dtmf: '1' }, io)).rejects.toThrow(/DTMF/);
  });
});

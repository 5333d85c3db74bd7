import { lastValueFrom, Subject, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { micSession } from '../../examples/micSession.ts';
import { chunkFromInt16 } from '../../sources/AudioChunk.ts';
import { DependencyMissingError } from '../../src/errors/DependencyMissingError.ts';
import { toWireTime } from '../../src/model/streamingWireTime.ts';
import { type ScriptedServer, scriptedServer } from '../streaming/scriptedServer.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('examples/micSession', () => {
  it('fails with DependencyMissingError naming the package when the recorder is not installed', async () => {
    server = await scriptedServer((s) => void s.handshake());
    const error = await lastValueFrom(
      micSession({ baseUrl: server.baseUrl, token: 't', mic: { recorder: 'arecord' } }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(DependencyMissingError);
    expect(error.message).toContain('alsa-utils');
  });

  it('shows partial then final captions from an injected source, and stop$ flushes the session', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake();
      while (s.audioBytes() === 0) await new Promise((r) => setTimeout(r, 5));
      const words = [{ word: 'hello', startTime: toWireTime(0), endTime: toWireTime(0.1) }];
      const result = (isFinal: boolean, text: string) => ({
        type: 'message',
        message: {
          type: 'recognition_result',
          isFinal,
          payload: { raw: { alternatives: [{ transcript: text.toLowerCase(), words }] } },
          punctuated: { transcript: text },
        },
      });
      s.send(result(false, 'Hello'));
      await s.json('stop_request');
      s.send(result(true, 'Hello there.'));
      s.complete();
    });
    const stop$ = new Subject<void>();
    const audio$ = new Subject<ReturnType<typeof chunkFromInt16>>();
    const updates = lastValueFrom(
      micSession({ baseUrl: server.baseUrl, token: 't', audio$, stop$ }).pipe(
        // Ctrl-C arrives once the first caption is on screen.
        tap((update) => (update.isFinal ? undefined : stop$.next())),
        toArray(),
      ),
    );
    audio$.next(chunkFromInt16(new Int16Array(1600), { sampleRate: 16000, channels: 1 }));
    expect(await updates).toEqual([
      { text: 'Hello', isFinal: false },
      { text: 'Hello there.', isFinal: true },
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { DEFAULT_RECONNECT } from '../../src/streaming/reconnectPolicy.ts';
import { sessionSettings, startRequestFor } from '../../src/streaming/StreamingSessionOptions.ts';

const base = { baseUrl: 'http://127.0.0.1:1', token: 't' };

/** The paths a ValidationError names. */
function pathsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('sessionSettings', () => {
  it('applies every default, and asks the server to hold a dropped conversation only with reconnect', () => {
    const plain = sessionSettings(base);
    expect(plain).toMatchObject({
      tokenTransport: 'query',
      sendBuffer: { maxQueuedMs: 60_000, overflow: 'error', highWaterMarkBytes: 65_536, maxFrameBytes: 8192 },
      keepAlive: { intervalMs: 30_500, timeoutMs: 30_000 },
      connectTimeoutMs: 15_000,
      stopTimeoutMs: 60_000,
      reconnect: undefined,
      declaredFormat: undefined,
    });
    expect(plain.deadlineMs).toBeUndefined();
    expect(plain.startRequest.noConnectionTimeout).toBeUndefined();
    const resuming = sessionSettings({ ...base, reconnect: true, keepAlive: false });
    expect(resuming.reconnect).toEqual(DEFAULT_RECONNECT);
    expect(resuming.keepAlive).toBe(false);
    expect(resuming.startRequest.noConnectionTimeout).toBe(60);
  });

  it('names each bad field with its path', () => {
    expect(
      pathsOf(() =>
        sessionSettings({
          ...base,
          token: 7 as unknown as string,
          tokenTransport: 'cookie' as 'query',
          sendBuffer: { maxQueuedMs: -1, overflow: 'drop-newest' as 'error' },
          keepAlive: { intervalMs: 0 },
          reconnect: { maxAttempts: 0 },
          config: { confidenceThreshold: 7 },
        }),
      ).sort(),
    ).toEqual([
      'config.confidenceThreshold',
      'keepAlive.intervalMs',
      'reconnect.maxAttempts',
      'sendBuffer.maxQueuedMs',
      'sendBuffer.overflow',
      'token',
      'tokenTransport',
    ]);
    expect(pathsOf(() => sessionSettings({ ...base, noConnectionTimeout: 4000 }))).toEqual([
      'noConnectionTimeout',
    ]);
    expect(pathsOf(() => sessionSettings({ ...base, baseUrl: 'ftp://h' }))).toEqual(['baseUrl']);
    expect(pathsOf(() => sessionSettings({ ...base, connectionId: 'a b' }))).toEqual(['connectionId']);
    expect(pathsOf(() => sessionSettings({ ...base, config: { encoding: 'Opus' } }))).toEqual([
      'config.speechRecognition.encoding',
    ]);
  });

  it('refuses every non-positive or non-finite bound (property)', () => {
    const bad = fc.oneof(
      fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY),
      fc.double({ max: 0, noNaN: true }),
    );
    const field = fc.constantFrom('connectTimeoutMs', 'stopTimeoutMs', 'deadlineMs');
    fc.assert(
      fc.property(field, bad, (name, value) => {
        expect(pathsOf(() => sessionSettings({ ...base, [name]: value }))).toEqual([name]);
      }),
    );
  });

  it('reads the format the config declares, speechRecognition before the flat fields', () => {
    expect(sessionSettings({ ...base, config: { encoding: 'MULAW' } }).declaredFormat).toEqual({
      encoding: 'MULAW',
      sampleRateHertz: 8000,
    });
    const both = { speechRecognition: { sampleRateHertz: 44100 }, sampleRateHertz: 8000 };
    expect(sessionSettings({ ...base, config: both }).declaredFormat).toEqual({
      encoding: 'LINEAR16',
      sampleRateHertz: 44100,
    });
  });
});

describe('startRequestFor', () => {
  it('declares the audio format in speechRecognition only, keeping the rest of the config', () => {
    const { startRequest } = sessionSettings({
      ...base,
      config: { meetingTitle: 'Standup', encoding: 'LINEAR16', speechRecognition: { interimResults: false } },
    });
    expect(startRequestFor(startRequest, { encoding: 'MULAW', sampleRateHertz: 8000 }).config).toEqual({
      meetingTitle: 'Standup',
      speechRecognition: { interimResults: false, encoding: 'MULAW', sampleRateHertz: 8000 },
    });
  });
});

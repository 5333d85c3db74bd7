import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  ConnectionId,
  InlineTracker,
  ModifyRequest,
  SpeechRecognition,
  StartRequest,
  StartRequestConfig,
  StopRequest,
  StreamingAudioEncoding,
  StreamingLanguageCode,
} from '../../src/model/streamingClientMessages.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('client message properties', () => {
  const schemas = {
    StartRequest,
    StartRequestConfig,
    SpeechRecognition,
    InlineTracker,
    StopRequest,
    ModifyRequest,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name));
  }
  for (const [name, schema] of Object.entries({ StartRequest, InlineTracker, ModifyRequest })) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name));
  }
});

describe('lenient parsing of what SDKs really send', () => {
  it('compares encodings and language codes case-insensitively and returns them canonical', () => {
    expect(parse(StreamingAudioEncoding, 'opus', 'encoding')).toBe('Opus');
    expect(parse(StreamingAudioEncoding, ' OPUS ', 'encoding')).toBe('Opus');
    expect(parse(StreamingAudioEncoding, 'linear16', 'encoding')).toBe('LINEAR16');
    expect(parse(StreamingLanguageCode, 'en-us', 'languageCode')).toBe('en-US');
    expect(issuesOf(StreamingAudioEncoding, 'AAC')[0]!.message).toMatch(/LINEAR16, FLAC, MULAW, Opus/);
    expect(issuesOf(StreamingLanguageCode, 'xx-XX')).toHaveLength(1);
  });

  it("reads the Python SDK's null speaker, trackers and config as absent", () => {
    expect(
      parse(
        StartRequest,
        { type: 'start_request', speaker: null, trackers: null, config: null },
        'start_request',
      ),
    ).toEqual({ type: 'start_request' });
  });

  it("accepts the Go SDK's boolean noConnectionTimeout, top-level enableAllTrackers and the topic insight type", () => {
    const request = parse(
      StartRequest,
      { type: 'start_request', noConnectionTimeout: true, enableAllTrackers: true, insightTypes: ['topic'] },
      'start_request',
    );
    expect(request).toMatchObject({
      noConnectionTimeout: true,
      enableAllTrackers: true,
      insightTypes: ['topic'],
    });
  });

  it('accepts flat config.encoding / sampleRateHertz and a tracker reference by id', () => {
    const request = parse(
      StartRequest,
      {
        type: 'start_request',
        config: { encoding: 'mulaw', sampleRateHertz: 8000 },
        trackers: [{ id: '42' }],
      },
      'start_request',
    );
    expect(request.config).toEqual({ encoding: 'MULAW', sampleRateHertz: 8000 });
    expect(request.trackers).toEqual([{ id: '42' }]);
  });

  it('strips unknown keys instead of rejecting them', () => {
    expect(parse(StartRequest, { type: 'start_request', source: 'js_sdk' }, 'start_request')).toEqual({
      type: 'start_request',
    });
  });
});

describe('what a server must reject', () => {
  it.each([
    [{ config: { confidenceThreshold: 1.5 } }, 'config.confidenceThreshold'],
    [
      { config: { speechRecognition: { sampleRateHertz: 16000.5 } } },
      'config.speechRecognition.sampleRateHertz',
    ],
    [{ config: { redaction: { redactionString: '' } } }, 'config.redaction.redactionString'],
    [{ config: { redaction: { redactionString: 'x'.repeat(17) } } }, 'config.redaction.redactionString'],
    [{ noConnectionTimeout: 1801 }, 'noConnectionTimeout'],
    [{ disconnectOnStopRequestTimeout: -1 }, 'disconnectOnStopRequestTimeout'],
    [{ insightTypes: ['summary'] }, 'insightTypes[0]'],
    [{ trackers: [{ name: 'Pricing', vocabulary: [] }] }, 'trackers[0]'],
    [{ customVocabulary: 'Parley' }, 'customVocabulary'],
  ])('start_request with %j fails at %s', (fields, path) => {
    const paths = issuesOf(StartRequest, { type: 'start_request', ...fields }).map((i) => i.path);
    expect(paths.some((p) => p.startsWith(path))).toBe(true);
  });

  it('modify_request needs an encoding or a sample rate', () => {
    expect(issuesOf(ModifyRequest, { type: 'modify_request', speechRecognition: {} })[0]!.path).toBe(
      'speechRecognition',
    );
    expect(
      parse(ModifyRequest, { type: 'modify_request', speechRecognition: { sampleRateHertz: 48000 } }, 'm'),
    ).toEqual({ type: 'modify_request', speechRecognition: { sampleRateHertz: 48000 } });
  });
});

describe('ConnectionId', () => {
  it('accepts every observed form', () => {
    for (const id of [
      '771a8757-eff8-4b6c-97cd-64132a7bfc6e',
      'QUJDREVGR0hJSktM',
      Buffer.from('user@example.com').toString('base64'),
      'a',
      'x'.repeat(128),
    ]) {
      expect(ConnectionId.safeParse(id).success).toBe(true);
    }
  });

  it.each(['', 'x'.repeat(129), 'a/b', 'a b', 'é'])('rejects %j', (id) => {
    expect(ConnectionId.safeParse(id).success).toBe(false);
  });
});

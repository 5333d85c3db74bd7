import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { parse } from '../../src/model/parse.ts';
import { StartRequest } from '../../src/model/streamingClientMessages.ts';
import {
  applyModifyRequest,
  checkStreamingAudioFormat,
  resolveStartRequest,
  STREAMING_DEFAULTS,
} from '../../src/model/streamingSettings.ts';
import { specExamples } from '../support/specExamples.ts';

const start = (fields: Record<string, unknown>) =>
  resolveStartRequest(parse(StartRequest, { type: 'start_request', ...fields }, 'start_request'));

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  return expect.unreachable('expected a ValidationError');
}

describe('resolveStartRequest', () => {
  it('gives the documented defaults for a bare start_request', () => {
    const settings = start({});
    expect(settings).toMatchObject({
      insightTypes: [],
      confidenceThreshold: STREAMING_DEFAULTS.confidenceThreshold,
      languageCode: 'en-US',
      timezoneOffset: undefined,
      timeZone: undefined,
      meetingTitle: undefined,
      audio: { encoding: 'LINEAR16', sampleRateHertz: 16000 },
      redaction: { identifyContent: false, redactContent: false, redactionString: '****' },
      noConnectionTimeout: 0,
      disconnectOnStopRequest: true,
      disconnectOnStopRequestTimeout: 1800,
      trackers: { inline: [], references: [], enableAllTrackers: false, interimResults: false },
    });
  });

  it('resolves the spec example field by field', () => {
    const example = specExamples('streaming-api.md')[0]!.value;
    const settings = resolveStartRequest(parse(StartRequest, example, 'start_request'));
    expect(settings).toMatchObject({
      insightTypes: ['question', 'action_item', 'follow_up'],
      confidenceThreshold: 0.7,
      timezoneOffset: 480,
      meetingTitle: 'Renewal call',
      sentiment: true,
      detectEntities: true,
      customVocabulary: ['Parley', 'renewal'],
      speaker: { userId: 'ben@example.com', name: 'Ben' },
      trackers: { enableAllTrackers: true, interimResults: true },
      redaction: { identifyContent: true, redactContent: true, redactionString: '****' },
      noConnectionTimeout: 600,
    });
    expect(settings.trackers.inline).toEqual([
      { name: 'Pricing', vocabulary: ['how much does it cost', 'price', 'discount'] },
    ]);
  });

  it('prefers speechRecognition over flat config values, and uses flat ones when it is absent', () => {
    expect(
      start({
        config: { encoding: 'FLAC', sampleRateHertz: 8000, speechRecognition: { sampleRateHertz: 16000 } },
      }).audio,
    ).toEqual({ encoding: 'FLAC', sampleRateHertz: 16000 });
    expect(start({ config: { encoding: 'opus', sampleRateHertz: 48000 } }).audio).toEqual({
      encoding: 'Opus',
      sampleRateHertz: 48000,
    });
  });

  it('reads the undocumented top-level meetingTitle and enableAllTrackers, config first', () => {
    expect(start({ meetingTitle: 'Top', enableAllTrackers: true })).toMatchObject({
      meetingTitle: 'Top',
      trackers: { enableAllTrackers: true },
    });
    expect(start({ meetingTitle: 'Top', config: { meetingTitle: 'Config' } }).meetingTitle).toBe('Config');
  });

  it("treats the Go SDK's boolean noConnectionTimeout as the default and drops the topic insight type", () => {
    const settings = start({ noConnectionTimeout: true, insightTypes: ['topic', 'question', 'question'] });
    expect(settings.noConnectionTimeout).toBe(0);
    expect(settings.insightTypes).toEqual(['question']);
  });

  it('splits inline trackers from references by id', () => {
    const settings = start({ trackers: [{ id: '7' }, { name: 'Pricing', vocabulary: ['price'] }] });
    expect(settings.trackers.references).toEqual([{ id: '7' }]);
    expect(settings.trackers.inline).toEqual([{ name: 'Pricing', vocabulary: ['price'] }]);
  });

  it('rejects a rate the encoding does not support, naming where the rate came from', () => {
    expect(
      errorOf(() => start({ config: { speechRecognition: { encoding: 'MULAW', sampleRateHertz: 16000 } } }))
        .issues,
    ).toEqual([
      { path: 'config.speechRecognition.sampleRateHertz', message: 'MULAW supports 8000 Hz, not 16000' },
    ]);
    expect(errorOf(() => start({ config: { sampleRateHertz: 96000 } })).issues[0]!.path).toBe(
      'config.sampleRateHertz',
    );
    expect(
      errorOf(() => start({ config: { speechRecognition: { encoding: 'FLAC', sampleRateHertz: 8000 } } }))
        .issues,
    ).toHaveLength(1);
  });
});

describe('applyModifyRequest', () => {
  const linear16 = { encoding: 'LINEAR16', sampleRateHertz: 16000 } as const;

  it('changes the rate and keeps the encoding when only the rate is sent (as the web SDK does)', () => {
    expect(
      applyModifyRequest(linear16, { type: 'modify_request', speechRecognition: { sampleRateHertz: 8000 } }),
    ).toEqual({
      encoding: 'LINEAR16',
      sampleRateHertz: 8000,
    });
  });

  it('rejects a combination the new encoding does not support', () => {
    const error = errorOf(() =>
      applyModifyRequest(linear16, { type: 'modify_request', speechRecognition: { encoding: 'MULAW' } }),
    );
    expect(error.issues[0]!.path).toBe('speechRecognition.sampleRateHertz');
  });
});

describe('checkAudioFormat', () => {
  it.each([
    ['LINEAR16', 8000, true],
    ['LINEAR16', 48000, true],
    ['LINEAR16', 96000, false],
    ['MULAW', 8000, true],
    ['FLAC', 16000, true],
    ['FLAC', 8000, false],
    ['Opus', 48000, true],
    ['Opus', 8000, true],
  ] as const)('%s at %i Hz: %s', (encoding, sampleRateHertz, ok) => {
    const run = () => checkStreamingAudioFormat({ encoding, sampleRateHertz }, 'start_request', 'rate');
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(ValidationError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkRecognitionSettings,
  recognitionSettingsFromEnv,
  recognizerFor,
} from '../../../src/engine/asr/RecognitionSettings.ts';
import { RemoteRecognizer } from '../../../src/engine/asr/RemoteRecognizer.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';

describe('recognition settings', () => {
  it('reads the remote server and default backend from the environment', () => {
    expect(recognitionSettingsFromEnv({})).toEqual({});
    expect(
      recognitionSettingsFromEnv({
        PARLEY_RECOGNIZER_URL: ' http://127.0.0.1:8080 ',
        PARLEY_RECOGNIZER_MODEL: 'ggml-small.en',
        PARLEY_RECOGNIZER_API_KEY: 'k',
        PARLEY_RECOGNIZER_TIMEOUT_MS: '5000',
        PARLEY_RECOGNIZER: 'pocketsphinx',
      }),
    ).toEqual({
      backend: 'pocketsphinx',
      remote: { url: 'http://127.0.0.1:8080', model: 'ggml-small.en', apiKey: 'k', timeoutMs: 5000 },
    });
    expect(() => recognitionSettingsFromEnv({ PARLEY_RECOGNIZER: 'whisper' })).toThrow(/PARLEY_RECOGNIZER/);
  });

  it('checks settings at start-up, naming what is wrong', () => {
    expect(() => checkRecognitionSettings({ backend: 'remote' })).toThrow(ValidationError);
    expect(() => checkRecognitionSettings({ remote: { url: 'gopher://x' } })).toThrow(/http or https/);
    expect(() => checkRecognitionSettings({ remote: { url: 'http://x', timeoutMs: Number.NaN } })).toThrow(
      /timeoutMs/,
    );
    expect(() => checkRecognitionSettings({ remote: { url: 'http://x' } })).not.toThrow();
  });

  it('picks the job’s backend, else the default: remote when a server is configured', () => {
    const remote = { remote: { url: 'http://127.0.0.1:9' } };
    expect(recognizerFor({})).toBeUndefined();
    expect(recognizerFor(remote)).toBeInstanceOf(RemoteRecognizer);
    expect(recognizerFor({ ...remote, backend: 'pocketsphinx' })).toBeUndefined();
    expect(recognizerFor({ ...remote, backend: 'pocketsphinx' }, 'remote')).toBeInstanceOf(RemoteRecognizer);
    expect(recognizerFor(remote, 'pocketsphinx')).toBeUndefined();
    expect(() => recognizerFor({}, 'remote')).toThrow(/no remote recogniser/);
  });
});

import { describe, expect, it } from 'vitest';
import { transcribeParameters } from '../../src/cli/transcribeParameters.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { MediaProcessOptions } from '../../src/model/asyncApi.ts';

describe('transcribeParameters', () => {
  it('passes --accuracy and --recognizer as job options the server schema accepts', () => {
    const parameters = transcribeParameters('/tmp/talk.wav', { accuracy: 'best', recognizer: 'remote' });
    expect(parameters).toMatchObject({ name: 'talk.wav', accuracy: 'best', recognizer: 'remote' });
    expect(MediaProcessOptions.parse(parameters)).toMatchObject({ accuracy: 'best', recognizer: 'remote' });
    expect(transcribeParameters('a.wav', {})).not.toHaveProperty('accuracy');
  });

  it('refuses unknown values, naming the flag', () => {
    expect(() => transcribeParameters('a.wav', { accuracy: 'max' })).toThrow(ValidationError);
    expect(() => transcribeParameters('a.wav', { accuracy: 'max' })).toThrow(/accuracy/);
    expect(() => transcribeParameters('a.wav', { recognizer: 'whisper' })).toThrow(/recognizer/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  FormattedTranscript,
  FormattedTranscriptRequest,
  FormattedTranscriptResponse,
  formattedTranscriptContentType,
  formattedTranscriptText,
} from '../../src/model/transcript.ts';
import {
  checkMalformedFields,
  checkRoundTrip,
  expectInvalidAt,
  looseBooleanInput,
} from './conversationSchemaProperties.ts';

const requestInputs = fc.record(
  {
    contentType: fc.constantFrom('text/markdown', 'text/srt', 'text/vtt'),
    createParagraphs: looseBooleanInput,
    phrases: fc.record(
      { highlightOnlyInsightKeyPhrases: looseBooleanInput, highlightAllKeyPhrases: looseBooleanInput },
      { requiredKeys: [] },
    ),
    showSpeakerSeparation: looseBooleanInput,
  },
  { requiredKeys: ['contentType'] },
);

describe('formatted transcript', () => {
  it('survives a JSON round trip', () => {
    for (const schema of [FormattedTranscript, FormattedTranscriptResponse]) {
      checkRoundTrip(schema, 'transcript', 40);
    }
    checkRoundTrip(FormattedTranscriptRequest, 'transcript request', 40, requestInputs);
  });

  it('names the broken field of a malformed request or response', () => {
    // The response's only required field is a union: zod reports a bad member at the union's
    // path, so the response side is covered by the explicit cases below.
    const wrongBoolean = ['sure', 1, null];
    checkMalformedFields(
      FormattedTranscriptRequest,
      'transcript request',
      requestInputs,
      {
        contentType: ['text/html', 'markdown', 3],
        createParagraphs: wrongBoolean,
        showSpeakerSeparation: wrongBoolean,
        phrases: ['all', true],
      },
      40,
    );
  });

  it('request: strict, booleans may be strings', () => {
    expect(
      parse(
        FormattedTranscriptRequest,
        { contentType: 'text/markdown', phrases: { highlightAllKeyPhrases: 'true' } },
        'request',
      ),
    ).toEqual({ contentType: 'text/markdown', phrases: { highlightAllKeyPhrases: true } });
    expectInvalidAt(FormattedTranscriptRequest, {}, 'request', 'contentType');
    expectInvalidAt(FormattedTranscriptRequest, { contentType: 'text/srt', paragraphs: true }, 'request', '');
    expectInvalidAt(
      FormattedTranscriptRequest,
      { contentType: 'text/srt', phrases: { all: true } },
      'request',
      'phrases',
    );
  });

  it('reads the text and content type from either payload form', () => {
    const markdown = parse(
      FormattedTranscript,
      { payload: 'Ben: Hi.<br/><br/>', contentType: 'text/markdown' },
      'md',
    );
    const srt = parse(
      FormattedTranscript,
      { payload: { content: '1\n00:00:00,000 --> 00:00:01,000\nHi.', contentType: 'text/srt' } },
      'srt',
    );
    expect(formattedTranscriptText(markdown)).toBe('Ben: Hi.<br/><br/>');
    expect(formattedTranscriptContentType(markdown)).toBe('text/markdown');
    expect(formattedTranscriptText(srt)).toBe('1\n00:00:00,000 --> 00:00:01,000\nHi.');
    expect(formattedTranscriptContentType(srt)).toBe('text/srt');
    expectInvalidAt(FormattedTranscript, { payload: 3 }, 'transcript', 'payload');
    expectInvalidAt(
      FormattedTranscriptResponse,
      { transcript: { payload: {} } },
      'response',
      'transcript.payload',
    );
    expectInvalidAt(
      FormattedTranscriptResponse,
      { transcript: { payload: 'x', contentType: 1 } },
      'response',
      'transcript.contentType',
    );
    expectInvalidAt(FormattedTranscriptResponse, {}, 'response', 'transcript');
  });
});

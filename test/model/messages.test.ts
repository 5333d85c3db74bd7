import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConversationMessage,
  ConversationWord,
  MessagesQuery,
  MessagesResponse,
} from '../../src/model/messages.ts';
import { parse } from '../../src/model/parse.ts';
import {
  checkMalformed,
  checkMalformedFields,
  checkRoundTrip,
  expectInvalidAt,
  looseBooleanInput,
} from './conversationSchemaProperties.ts';

const queryInputs = fc.record(
  { verbose: looseBooleanInput, sentiment: looseBooleanInput },
  { requiredKeys: [] },
);

const message = {
  id: '6412283618000896',
  text: 'Can you send me the renewal quote by Friday?',
  from: { name: 'Ben' },
  startTime: '2024-03-04T15:00:01.200Z',
  endTime: '2024-03-04T15:00:04.100Z',
  conversationId: '5815170693595136',
  phrases: [],
};

describe('messages', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [ConversationWord, ConversationMessage, MessagesResponse]) {
      checkRoundTrip(schema, 'messages', 40);
    }
    checkRoundTrip(MessagesQuery, 'messages query', 40, queryInputs);
  });

  it('name the broken field of a malformed message, word or response', () => {
    for (const schema of [ConversationWord, ConversationMessage, MessagesResponse]) {
      checkMalformed(schema, 'messages', {}, 40);
    }
    const wrong = ['yes', 2, [], {}, null];
    checkMalformedFields(
      MessagesQuery,
      'messages query',
      queryInputs,
      { verbose: wrong, sentiment: wrong },
      40,
    );
  });

  it('query: booleans from query strings, default false, garbage rejected by name', () => {
    expect(parse(MessagesQuery, {}, 'query')).toEqual({ verbose: false, sentiment: false });
    expect(parse(MessagesQuery, { verbose: 'true', sentiment: '0' }, 'query')).toEqual({
      verbose: true,
      sentiment: false,
    });
    expectInvalidAt(MessagesQuery, { verbose: 'yes please' }, 'query', 'verbose');
    expectInvalidAt(MessagesQuery, { sentiment: '2' }, 'query', 'sentiment');
  });

  it('a message without from or phrases reads them as {} and []', () => {
    const { from: _from, phrases: _phrases, ...bare } = message;
    expect(parse(ConversationMessage, bare, 'message')).toEqual({ ...bare, from: {}, phrases: [] });
  });

  it('word confidence is 0–1, and redaction entities are kept', () => {
    const word = { word: 'month.', startTime: message.startTime, endTime: message.endTime };
    expect(parse(ConversationWord, word, 'word')).toEqual(word);
    expectInvalidAt(
      ConversationMessage,
      { ...message, words: [{ ...word, score: 1.2 }] },
      'message',
      'words[0].score',
    );
    const redacted = {
      ...message,
      entities: [{ type: 'SSN', value: '[SSN]', text: '123-45-6789', offset: 35 }],
    };
    expect(parse(ConversationMessage, redacted, 'message')).toEqual(redacted);
  });

  it('rejects negative offsets and durations', () => {
    expectInvalidAt(ConversationMessage, { ...message, timeOffset: -1 }, 'message', 'timeOffset');
    expectInvalidAt(ConversationMessage, { ...message, duration: -0.5 }, 'message', 'duration');
  });
});

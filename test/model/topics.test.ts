import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  Topic,
  TopicParentRef,
  TopicsQuery,
  TopicsResponse,
  TopicVocabulary,
} from '../../src/model/topics.ts';
import {
  checkMalformed,
  checkMalformedFields,
  checkRoundTrip,
  expectInvalidAt,
  looseBooleanInput,
} from './conversationSchemaProperties.ts';

const term = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((t) => !/[,[\]{}"\\]/.test(t) && t.trim() !== '');
/** A vocabulary in each encoding clients use. */
const vocabularyInput = fc
  .array(term, { maxLength: 3 })
  .chain((terms) =>
    fc.constantFrom<unknown>(terms, JSON.stringify(terms), `[${terms.join(',')}]`, terms.join(',')),
  );
const queryInputs = fc.record(
  {
    sentiment: looseBooleanInput,
    parentRefs: looseBooleanInput,
    refresh: looseBooleanInput,
    customTopicVocabulary: vocabularyInput,
    customVocabulary: vocabularyInput,
  },
  { requiredKeys: [] },
);

describe('topics', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [TopicVocabulary, TopicParentRef, Topic, TopicsResponse]) {
      checkRoundTrip(schema, 'topics', 40);
    }
    checkRoundTrip(TopicsQuery, 'topics query', 40, queryInputs);
  });

  it('name the broken field of a malformed topic or response', () => {
    for (const schema of [TopicParentRef, Topic, TopicsResponse]) {
      checkMalformed(schema, 'topics', {}, 40);
    }
    const wrong = ['perhaps', 3, null, {}];
    checkMalformedFields(
      TopicsQuery,
      'topics query',
      queryInputs,
      {
        sentiment: wrong,
        parentRefs: wrong,
        refresh: wrong,
        customTopicVocabulary: [3, null, {}, '{"x":1}'],
      },
      40,
    );
  });

  it('query: defaults and string booleans', () => {
    expect(parse(TopicsQuery, {}, 'query')).toEqual({ sentiment: false, parentRefs: false, refresh: false });
    expect(parse(TopicsQuery, { parentRefs: 'true', sentiment: 'true', refresh: '1' }, 'query')).toEqual({
      sentiment: true,
      parentRefs: true,
      refresh: true,
    });
    expectInvalidAt(TopicsQuery, { parentRefs: 'maybe' }, 'query', 'parentRefs');
  });

  it('query: the vocabulary arrives under either name, in every list encoding, as a list', () => {
    const expected = ['renewal quote', 'pricing'];
    for (const encoded of [
      '["renewal quote","pricing"]',
      '[renewal quote, pricing]',
      'renewal quote,pricing',
      ['renewal quote', ' pricing '],
    ]) {
      expect(parse(TopicsQuery, { customTopicVocabulary: encoded }, 'query').customTopicVocabulary).toEqual(
        expected,
      );
      expect(parse(TopicsQuery, { customVocabulary: encoded }, 'query').customTopicVocabulary).toEqual(
        expected,
      );
    }
    const both = parse(TopicsQuery, { customTopicVocabulary: 'new', customVocabulary: 'old' }, 'query');
    expect(both).toEqual({
      sentiment: false,
      parentRefs: false,
      refresh: false,
      customTopicVocabulary: ['new'],
    });
    expect(parse(TopicVocabulary, '', 'vocabulary')).toEqual([]);
    expectInvalidAt(TopicsQuery, { customTopicVocabulary: '{"a":1}' }, 'query', 'customTopicVocabulary');
    expectInvalidAt(TopicsQuery, { customTopicVocabulary: [1] }, 'query', 'customTopicVocabulary');
  });

  it('topic: type is "topic", score 0–1, parentRefs optional', () => {
    const topic = { id: '1', text: 'renewal quote', type: 'topic', score: 0.72, messageIds: ['2'] };
    expect(parse(Topic, topic, 'topic')).toEqual(topic);
    expectInvalidAt(Topic, { ...topic, type: 'question' }, 'topic', 'type');
    expectInvalidAt(Topic, { ...topic, score: 1.01 }, 'topic', 'score');
    expectInvalidAt(Topic, { ...topic, parentRefs: [{ type: 'topic' }] }, 'topic', 'parentRefs[0].text');
  });
});

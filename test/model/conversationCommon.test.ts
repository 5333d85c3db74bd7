import { describe, expect, it } from 'vitest';
import {
  ConfirmationMessage,
  InsightEntity,
  IsoDateTime,
  Person,
  Phrase,
  Sentiment,
} from '../../src/model/conversationCommon.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

describe('conversation common objects', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [Person, Sentiment, InsightEntity, Phrase, ConfirmationMessage]) {
      checkRoundTrip(schema, 'common object', 40);
    }
  });

  it('name the broken field of a malformed object', () => {
    for (const schema of [Sentiment, InsightEntity, Phrase, ConfirmationMessage]) {
      checkMalformed(schema, 'common object', {}, 40);
    }
  });

  it('person: every field optional, wrong types rejected by path, extra fields kept', () => {
    expect(parse(Person, {}, 'person')).toEqual({});
    expect(parse(Person, { id: 42, phone: '+1' }, 'person')).toEqual({ id: '42', phone: '+1' });
    expectInvalidAt(Person, { name: 7 }, 'person', 'name');
    expectInvalidAt(Person, { email: null }, 'person', 'email');
  });

  it('sentiment: score bounded to -1 … 1 and label enumerated', () => {
    expectInvalidAt(
      Sentiment,
      { polarity: { score: 1.5 }, suggested: 'positive' },
      'sentiment',
      'polarity.score',
    );
    expectInvalidAt(Sentiment, { polarity: { score: 0 }, suggested: 'meh' }, 'sentiment', 'suggested');
  });

  it('insight entity: string or person value, range bounds, non-negative integer offset', () => {
    const person = { type: 'person', text: 'Ana', offset: 0, value: { name: 'Ana', assignee: true } };
    const range = {
      type: 'datetimerange',
      text: 'Sunday evening',
      offset: 3,
      start: '2020-06-21 16:00:00',
      end: '2020-06-21 20:00:00',
    };
    expect(parse(InsightEntity, person, 'entity')).toEqual(person);
    expect(parse(InsightEntity, range, 'entity')).toEqual(range);
    expectInvalidAt(InsightEntity, { ...person, offset: -1 }, 'entity', 'offset');
    expectInvalidAt(InsightEntity, { ...person, offset: 1.5 }, 'entity', 'offset');
    expectInvalidAt(InsightEntity, { ...person, value: 3 }, 'entity', 'value');
  });

  it('timestamps: ISO with Z or an offset, any precision; nothing else', () => {
    for (const time of [
      '2020-07-10T11:16:21.024Z',
      '2020-07-10T11:16:21Z',
      '2020-07-10T11:16:21.024+02:00',
    ]) {
      expect(IsoDateTime.safeParse(time).success).toBe(true);
    }
    for (const time of ['2020-07-10', '2020-07-10 11:16:21', 'yesterday']) {
      expect(IsoDateTime.safeParse(time).success).toBe(false);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import { SummaryItem, SummaryMessageRef, SummaryQuery, SummaryResponse } from '../../src/model/summary.ts';
import {
  checkMalformed,
  checkMalformedFields,
  checkRoundTrip,
  expectInvalidAt,
  looseBooleanInput,
} from './conversationSchemaProperties.ts';

const queryInputs = fc.record({ refresh: looseBooleanInput }, { requiredKeys: [] });

describe('summary', () => {
  it('survives a JSON round trip', () => {
    for (const schema of [SummaryMessageRef, SummaryItem, SummaryResponse]) {
      checkRoundTrip(schema, 'summary', 40);
    }
    checkRoundTrip(SummaryQuery, 'summary query', 40, queryInputs);
  });

  it('names the broken field of a malformed item, response or query', () => {
    for (const schema of [SummaryItem, SummaryResponse]) {
      checkMalformed(schema, 'summary', {}, 40);
    }
    checkMalformedFields(SummaryQuery, 'summary query', queryInputs, { refresh: ['soon', 2, null] }, 20);
  });

  it('query: refresh absent, true or false stay distinguishable', () => {
    expect(parse(SummaryQuery, {}, 'query')).toEqual({});
    expect(parse(SummaryQuery, { refresh: 'true' }, 'query')).toEqual({ refresh: true });
    expect(parse(SummaryQuery, { refresh: 'false' }, 'query')).toEqual({ refresh: false });
  });

  it("item: the Go SDK's extras are optional, message refs need ids", () => {
    const item = { id: '1', text: 'Ben asked for the quote.', messageRefs: [{ id: '2' }] };
    expect(parse(SummaryItem, { ...item, bookmarkReference: { id: '9' } }, 'item')).toEqual({
      ...item,
      bookmarkReference: { id: '9' },
    });
    expectInvalidAt(SummaryItem, { ...item, messageRefs: [{}] }, 'item', 'messageRefs[0].id');
    expectInvalidAt(SummaryItem, { ...item, startTime: 'noon' }, 'item', 'startTime');
  });
});

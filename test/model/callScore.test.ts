import { describe, expect, it } from 'vitest';
import { CallScore, InsightsJobStatus, InsightsUiQuery, InsightsUiUrl } from '../../src/model/callScore.ts';
import { parse } from '../../src/model/parse.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('properties', () => {
  const schemas = {
    CallScore,
    InsightsJobStatus,
    InsightsUiUrl,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    CallScore,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('call score', () => {
  it('read a call score with nested feedback', () => {
    const score = {
      score: 82,
      summary: 'Good call',
      criteria: [
        {
          name: 'Empathy',
          score: 90,
          summary: 's',
          feedback: { positive: { summary: 'p' }, negative: { summary: 'n' } },
        },
      ],
    };
    expect(parse(CallScore, score, 'callscore')).toEqual(score);
    // A query string: the flag arrives as text (not property-tested: arbitraries of looseBoolean's
    // string arm are too slow to generate).
    expect(parse(InsightsUiQuery, { includeCallScore: 'true' }, 'q')).toEqual({ includeCallScore: true });
    expect(parse(InsightsUiQuery, { includeCallScore: false }, 'q')).toEqual({ includeCallScore: false });
    expect(issuesOf(InsightsUiQuery, { includeCallScore: 'yes' })[0]!.path).toBe('includeCallScore');
  });
});

import { describe, expect, it } from 'vitest';
import {
  AbstractTopicsResponse,
  ComprehensiveActionItem,
  ComprehensiveActionItemsResponse,
} from '../../src/model/labs.ts';
import { parse } from '../../src/model/parse.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertMalformedNamed, assertRoundTrip } from './streamingSchemaProperties.ts';

const examples = specExamples('trackers-and-other.md');

describe('the Labs example', () => {
  it('comprehensive action items parse', () => {
    expect(examples[2]!.heading).toMatch(/^7\. Labs/);
    expect(parse(ComprehensiveActionItemsResponse, examples[2]!.value, 'comprehensive action items')).toEqual(
      examples[2]!.value,
    );
  });
});

describe('properties', () => {
  const schemas = {
    ComprehensiveActionItemsResponse,
    AbstractTopicsResponse,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    ComprehensiveActionItem,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

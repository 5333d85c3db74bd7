import { describe, expect, it } from 'vitest';
import {
  BulkCreateEntitiesRequest,
  ManagedEntityDefinition,
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionInput,
  ManagedEntityDefinitionsEnvelope,
} from '../../src/model/managedEntityDefinitions.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('properties', () => {
  const schemas = {
    ManagedEntityDefinition,
    ManagedEntityDefinitionInput,
    BulkCreateEntitiesRequest,
    ManagedEntityDefinitionEnvelope,
    ManagedEntityDefinitionsEnvelope,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    ManagedEntityDefinition,
    ManagedEntityDefinitionInput,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('managed entity definitions', () => {
  it('need at least one value per managed entity', () => {
    expect(
      issuesOf(BulkCreateEntitiesRequest, [{ type: 't', subType: 's', category: 'c', values: [] }])[0]!.path,
    ).toBe('[0].values');
  });
});

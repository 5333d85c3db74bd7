import { describe, expect, it } from 'vitest';
import {
  AnyShapeEntity,
  ConversationEntity,
  EntitiesResponse,
  EntitiesResponseAnyShape,
  EntityMessageRef,
  isManagedEntity,
  ManagedEntity,
} from '../../src/model/entities.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const served = {
  type: 'date',
  value: '2024-03-05',
  text: 'tomorrow',
  messageRefs: [{ id: '5661493169225728', text: 'Sure, I will email it tomorrow.', offset: 22 }],
};
const managed = {
  type: 'PII',
  subType: 'PERSON_NAME',
  category: 'Managed',
  matches: [
    {
      detectedValue: 'Dana Smith',
      messageRefs: [
        {
          id: '1',
          startTime: '2024-03-04T15:00:01.200Z',
          endTime: '2024-03-04T15:00:02.000Z',
          text: 'My name is Dana Smith.',
          offset: 11,
        },
      ],
    },
  ],
};

describe('entities', () => {
  it('survive a JSON round trip (both shapes)', () => {
    for (const schema of [
      EntityMessageRef,
      ConversationEntity,
      ManagedEntity,
      AnyShapeEntity,
      EntitiesResponse,
      EntitiesResponseAnyShape,
    ]) {
      checkRoundTrip(schema, 'entities', 30);
    }
  });

  it('name the broken field of a malformed entity or response', () => {
    for (const schema of [EntityMessageRef, ConversationEntity, ManagedEntity, EntitiesResponse]) {
      checkMalformed(schema, 'entities', {}, 30);
    }
  });

  it('serve 15.1 only; accept 15.1 and 15.2 when parsing, and tell them apart', () => {
    const both = parse(EntitiesResponseAnyShape, { entities: [served, managed] }, 'entities');
    expect(both.entities.map(isManagedEntity)).toEqual([false, true]);
    expect(both).toEqual({ entities: [served, managed] });
    expectInvalidAt(EntitiesResponse, { entities: [managed] }, 'entities', 'entities[0].text');
  });

  it('15.1: range entities may lack value; offsets are non-negative integers', () => {
    const range = {
      type: 'daterange',
      text: 'next week',
      start: '2024-03-11',
      end: '2024-03-17',
      messageRefs: [],
    };
    expect(parse(ConversationEntity, range, 'entity')).toEqual(range);
    expectInvalidAt(ConversationEntity, { ...served, value: null }, 'entity', 'value');
    expectInvalidAt(
      ConversationEntity,
      { ...served, messageRefs: [{ ...served.messageRefs[0], offset: -1 }] },
      'entity',
      'messageRefs[0].offset',
    );
  });
});

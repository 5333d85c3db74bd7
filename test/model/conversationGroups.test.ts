import { describe, expect, it } from 'vitest';
import {
  BulkCreateGroupsRequest,
  ConversationGroup,
  CreateGroupRequest,
  GroupCriteria,
  GroupEnvelope,
  GroupsEnvelope,
  UpdateGroupRequest,
} from '../../src/model/conversationGroups.ts';
import { parse } from '../../src/model/parse.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('properties', () => {
  const schemas = {
    ConversationGroup,
    CreateGroupRequest,
    BulkCreateGroupsRequest,
    UpdateGroupRequest,
    GroupEnvelope,
    GroupsEnvelope,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    ConversationGroup,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('conversation groups', () => {
  const criteria = 'conversation.metadata.agentId==johndoe and conversation.metadata.customerId==88338833';

  it('accept the documented criteria and read a numeric id as a string', () => {
    expect(parse(CreateGroupRequest, { name: 'Team "A"_1-x', criteria }, 'group')).toEqual({
      name: 'Team "A"_1-x',
      criteria,
    });
    expect(parse(ConversationGroup, { id: 5, name: 'g', criteria }, 'group').id).toBe('5');
  });

  it.each([
    ['conversation.metadata.a==1 or conversation.metadata.b==2', 'OR is not supported'],
    ['conversation.metadata.a==1,conversation.metadata.b==2', 'OR is not supported'],
    [
      'conversation.metadata.a==1;conversation.metadata.b==2;conversation.metadata.c==3',
      'at most 2 distinct fields',
    ],
  ])('reject criteria %j', (text, message) => {
    expect(issuesOf(GroupCriteria, text)[0]!.message).toContain(message);
  });

  it('allow commas inside parentheses and quotes (RSQL =in= lists)', () => {
    expect(GroupCriteria.safeParse('conversation.metadata.agentId=in=(ana,ben)').success).toBe(true);
    expect(GroupCriteria.safeParse("conversation.metadata.note=='a, b or c'").success).toBe(true);
  });

  it.each([
    [{ name: 'a/b', criteria }, 'name'],
    [{ name: 'x'.repeat(129), criteria }, 'name'],
    [{ name: 'ok', description: 'd'.repeat(513), criteria }, 'description'],
    [{ name: 'ok' }, 'criteria'],
  ])('reject %j at %s', (body, path) => {
    expect(issuesOf(CreateGroupRequest, body).map((i) => i.path)).toContain(path);
  });
});

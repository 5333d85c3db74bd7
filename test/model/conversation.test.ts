import { describe, expect, it } from 'vitest';
import {
  Conversation,
  ConversationDeleteResponse,
  ConversationList,
  ConversationListQuery,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from '../../src/model/conversation.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const conversation = {
  id: '5815170693595136',
  type: 'meeting',
  name: 'Renewal call',
  startTime: '2024-03-04T15:00:00.000Z',
  endTime: '2024-03-04T15:12:41.300Z',
  members: [{ name: 'Ben', email: 'ben@example.com' }],
  metadata: { agentId: 'ana' },
};

describe('conversation', () => {
  it('survives a JSON round trip (object, list, query, update, delete)', () => {
    for (const schema of [
      Conversation,
      ConversationList,
      ConversationListQuery,
      ConversationUpdateRequest,
      ConversationUpdateResponse,
      ConversationDeleteResponse,
    ]) {
      checkRoundTrip(schema, 'conversation', 40);
    }
  });

  it('names the broken field of a malformed response or request', () => {
    for (const schema of [Conversation, ConversationList, ConversationDeleteResponse]) {
      checkMalformed(schema, 'conversation', {}, 40);
    }
    // Its only fields are an id (a union) and a record, which the generator cannot break.
    expectInvalidAt(ConversationUpdateResponse, { id: [], metadata: {} }, 'update response', 'id');
    expectInvalidAt(
      ConversationUpdateResponse,
      { id: '1', metadata: { a: 1 } },
      'update response',
      'metadata.a',
    );
  });

  it('accepts a numeric id and members without ids; metadata may be absent', () => {
    const { metadata: _, ...withoutMetadata } = conversation;
    expect(parse(Conversation, { ...withoutMetadata, id: 5815170693595136 }, 'conversation')).toEqual({
      ...withoutMetadata,
      id: '5815170693595136',
    });
  });

  it('rejects non-string metadata values and bad times', () => {
    expectInvalidAt(Conversation, { ...conversation, metadata: { n: 1 } }, 'conversation', 'metadata.n');
    expectInvalidAt(Conversation, { ...conversation, startTime: 'Monday' }, 'conversation', 'startTime');
  });

  it('list query: defaults, numbers as strings, bounds', () => {
    expect(parse(ConversationListQuery, {}, 'query')).toEqual({
      limit: 20,
      offset: 0,
      order: 'asc',
      sort: 'conversation.startTime',
    });
    expect(
      parse(
        ConversationListQuery,
        {
          limit: '0',
          offset: '40',
          order: 'desc',
          filter: 'conversation.metadata.agentId==johndoe',
          junk: 'x',
        },
        'query',
      ),
    ).toEqual({
      limit: 0,
      offset: 40,
      order: 'desc',
      sort: 'conversation.startTime',
      filter: 'conversation.metadata.agentId==johndoe',
    });
    expectInvalidAt(ConversationListQuery, { limit: '65537' }, 'query', 'limit');
    expectInvalidAt(ConversationListQuery, { limit: '2.5' }, 'query', 'limit');
    expectInvalidAt(ConversationListQuery, { offset: '-1' }, 'query', 'offset');
    expectInvalidAt(ConversationListQuery, { order: 'up' }, 'query', 'order');
    expectInvalidAt(ConversationListQuery, { startTime: 'last week' }, 'query', 'startTime');
  });

  it('update request: only metadata, string values of at most 128 characters', () => {
    const body = { metadata: { agentId: 'ana', key: 'value' } };
    expect(parse(ConversationUpdateRequest, body, 'update')).toEqual(body);
    expectInvalidAt(ConversationUpdateRequest, { ...body, type: 'call' }, 'update', '');
    expectInvalidAt(
      ConversationUpdateRequest,
      { metadata: { long: 'x'.repeat(129) } },
      'update',
      'metadata.long',
    );
    expectInvalidAt(ConversationUpdateRequest, { metadata: { n: 2 } }, 'update', 'metadata.n');
    expectInvalidAt(ConversationUpdateRequest, {}, 'update', 'metadata');
  });
});

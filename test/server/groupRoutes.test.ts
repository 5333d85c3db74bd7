import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationList } from '../../src/model/conversation.ts';
import { GroupEnvelope, GroupsEnvelope } from '../../src/model/conversationGroups.ts';
import { DeletedResource } from '../../src/model/trackers.ts';
import {
  call,
  otherAppToken,
  startTestServer,
  type TestServer,
  textPayload,
  waitForJob,
} from './support/testServer.ts';

let t: TestServer;
let otherToken: string;

beforeAll(async () => {
  t = await startTestServer({ limits: { groupsPerApp: 5 } });
  otherToken = await otherAppToken(t);
});
afterAll(async () => {
  await t.stop();
});

const api = (method: string, path: string, json?: unknown, token = t.token) =>
  call(t.url, method, path, { token, ...(json === undefined ? {} : { json }) });

/** A finished text conversation with `metadata`. */
async function conversationWith(metadata: Record<string, string>): Promise<string> {
  const submitted = await api('POST', '/v1/process/text', textPayload(1));
  await waitForJob(t.url, t.token, submitted.body.jobId);
  expect((await api('PUT', `/v1/conversations/${submitted.body.conversationId}`, { metadata })).status).toBe(
    200,
  );
  return submitted.body.conversationId;
}

describe('conversation groups', () => {
  it('creates, lists, reads, updates and deletes groups, and lists the conversations that match', async () => {
    const johnsCall = await conversationWith({ agentId: 'johndoe', customerId: '88338833' });
    const johnsOther = await conversationWith({ agentId: 'johndoe', customerId: '1' });
    await conversationWith({ agentId: 'ana' });

    const created = await api('POST', '/v1/manage/group', {
      name: 'John with customer 88338833',
      description: 'calls of one agent with one customer',
      criteria: 'conversation.metadata.agentId==johndoe and conversation.metadata.customerId==88338833',
    });
    expect(created.status).toBe(201);
    const group = GroupEnvelope.parse(created.body).group;
    expect(group.id).toMatch(/^\d{16}$/);
    const listed = await api('GET', `/v1/groups/${group.id}/conversations`);
    expect(listed.status).toBe(200);
    expect(ConversationList.parse(listed.body).conversations.map((c) => c.id)).toEqual([johnsCall]);

    const bulk = await api('POST', '/v1/manage/groups', [
      { name: 'All of John', criteria: 'conversation.metadata.agentId==johndoe' },
      { name: 'Ana', criteria: "conversation.metadata.agentId=='ana'" },
    ]);
    expect(bulk.status).toBe(201);
    const [john, ana] = GroupsEnvelope.parse(bulk.body).groups;
    const johns = await api('GET', `/v1/groups/${john!.id}/conversations?order=asc`);
    expect(johns.body.conversations.map((c: { id: string }) => c.id)).toEqual([johnsCall, johnsOther]);
    // The list's own filter narrows the group further.
    const narrowed = await api(
      'GET',
      `/v1/groups/${john!.id}/conversations?filter=${encodeURIComponent('conversation.metadata.customerId==1')}`,
    );
    expect(narrowed.body.conversations.map((c: { id: string }) => c.id)).toEqual([johnsOther]);
    const contradicted = await api(
      'GET',
      `/v1/groups/${ana!.id}/conversations?filter=${encodeURIComponent('conversation.metadata.agentId==johndoe')}`,
    );
    expect(contradicted.body.conversations).toEqual([]);

    const all = GroupsEnvelope.parse((await api('GET', '/v1/manage/groups')).body).groups;
    expect(all.map((g) => g.name)).toEqual(['John with customer 88338833', 'All of John', 'Ana']);

    const updated = await api('PUT', `/v1/manage/group/${ana!.id}`, {
      id: ana!.id,
      name: 'Customer 1',
      criteria: 'conversation.metadata.customerId==1',
    });
    expect(updated.status).toBe(200);
    expect(GroupEnvelope.parse(updated.body).group).toEqual({
      id: ana!.id,
      name: 'Customer 1',
      criteria: 'conversation.metadata.customerId==1',
    });
    expect((await api('GET', `/v1/manage/group/${ana!.id}`)).body.group.name).toBe('Customer 1');

    const deleted = await api('DELETE', `/v1/manage/group/${ana!.id}`);
    expect(DeletedResource.parse(deleted.body)).toEqual({ id: ana!.id, type: 'group', deleted: true });
    expect((await api('GET', `/v1/manage/group/${ana!.id}`)).status).toBe(404);
    expect((await api('GET', `/v1/groups/${ana!.id}/conversations`)).status).toBe(404);
    for (const g of [group, john!]) await api('DELETE', `/v1/manage/group/${g.id}`);
  });

  it('refuses bad groups with a 400 naming the field, and stores nothing of a bad bulk', async () => {
    const bad = [
      [{ name: 'No criteria' }, 'criteria'],
      [{ name: 'Wild *', criteria: 'conversation.metadata.a==b' }, 'name'],
      [{ name: 'x'.repeat(129), criteria: 'conversation.metadata.a==b' }, 'name'],
      [{ name: 'Or', criteria: 'conversation.metadata.a==b or conversation.metadata.c==d' }, 'criteria'],
      [
        {
          name: 'Three',
          criteria: 'conversation.metadata.a==1;conversation.metadata.b==2;conversation.metadata.c==3',
        },
        'criteria',
      ],
      [{ name: 'Not equal', criteria: 'conversation.metadata.a!=b' }, 'criteria'],
      [{ name: 'Long', description: 'd'.repeat(513), criteria: 'conversation.metadata.a==b' }, 'description'],
    ] as const;
    for (const [body, field] of bad) {
      const response = await api('POST', '/v1/manage/group', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    const bulk = await api('POST', '/v1/manage/groups', [
      { name: 'Good', criteria: 'conversation.metadata.a==b' },
      { name: 'Bad', criteria: 'conversation.name==x' },
    ]);
    expect(bulk.status).toBe(400);
    expect(bulk.body.issues[0].path).toBe('[1].criteria');
    expect((await api('GET', '/v1/manage/groups')).body.groups).toEqual([]);
    const created = await api('POST', '/v1/manage/group', {
      name: 'G',
      criteria: 'conversation.metadata.a==b',
    });
    const wrongId = await api('PUT', `/v1/manage/group/${created.body.group.id}`, {
      id: '1',
      name: 'G',
      criteria: 'conversation.metadata.a==b',
    });
    expect(wrongId.status).toBe(400);
    await api('DELETE', `/v1/manage/group/${created.body.group.id}`);
  });

  it('caps the groups of an account', async () => {
    const groups = Array.from({ length: 5 }, (_, i) => ({
      name: `G${i}`,
      criteria: 'conversation.metadata.a==b',
    }));
    expect((await api('POST', '/v1/manage/groups', groups)).status).toBe(201);
    const over = await api('POST', '/v1/manage/group', {
      name: 'One more',
      criteria: 'conversation.metadata.a==b',
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('at most 5 groups');
    for (const g of (await api('GET', '/v1/manage/groups')).body.groups)
      await api('DELETE', `/v1/manage/group/${g.id}`);
  });

  it('keeps each app’s groups and conversations to itself', async () => {
    const mine = await conversationWith({ team: 'red' });
    const group = (
      await api('POST', '/v1/manage/group', { name: 'Red', criteria: 'conversation.metadata.team==red' })
    ).body.group;
    const foreign = [
      await api('GET', `/v1/manage/group/${group.id}`, undefined, otherToken),
      await api(
        'PUT',
        `/v1/manage/group/${group.id}`,
        { name: 'Mine', criteria: 'conversation.metadata.a==b' },
        otherToken,
      ),
      await api('DELETE', `/v1/manage/group/${group.id}`, undefined, otherToken),
      await api('GET', `/v1/groups/${group.id}/conversations`, undefined, otherToken),
    ];
    expect(foreign.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect((await api('GET', '/v1/manage/groups', undefined, otherToken)).body.groups).toEqual([]);
    // The other app's own group with the same criteria sees none of this app's conversations.
    const theirs = (
      await api(
        'POST',
        '/v1/manage/group',
        { name: 'Red', criteria: 'conversation.metadata.team==red' },
        otherToken,
      )
    ).body.group;
    expect(
      (await api('GET', `/v1/groups/${theirs.id}/conversations`, undefined, otherToken)).body.conversations,
    ).toEqual([]);
    expect(
      (await api('GET', `/v1/groups/${group.id}/conversations`)).body.conversations.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([mine]);
    expect((await api('GET', `/v1/manage/group/${group.id}`)).body.group.name).toBe('Red');
  });
});

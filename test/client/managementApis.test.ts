import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ParleyClient } from '../../src/client/createClient.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { startTestServer, type TestServer } from '../server/support/testServer.ts';

/** A Text API message from `who` at seconds `start`-`end` of now's conversation. */
const line = (who: string, content: string, start: number, end: number) => {
  const at = (seconds: number) => new Date(Date.now() - 60_000 + seconds * 1000).toISOString();
  return { payload: { content }, from: { name: who }, duration: { startTime: at(start), endTime: at(end) } };
};

let t: TestServer;
let client: ParleyClient;
beforeAll(async () => {
  t = await startTestServer();
  client = createClient({ appId: t.appId, appSecret: t.appSecret, baseUrl: t.url });
});
afterAll(async () => {
  await client?.close();
  await t?.stop();
});

describe('client.groups, client.managedEntities and the bookmark calls against parley serve', () => {
  it('manages groups and lists a group’s conversations', async () => {
    const job = client.text.process({ messages: [line('Ben', 'Grouped call.', 0, 2)] });
    await lastValueFrom(job);
    const conversationId = await job.conversationId();
    await firstValueFrom(
      client.conversations.updateConversation(conversationId, { metadata: { agentId: 'ana' } }),
    );
    const { group } = await firstValueFrom(
      client.groups.create({ name: 'Ana', criteria: 'conversation.metadata.agentId==ana' }),
    );
    const { groups } = await firstValueFrom(
      client.groups.createMany([{ name: 'Ben', criteria: 'conversation.metadata.agentId==ben' }]),
    );
    expect((await firstValueFrom(client.groups.list())).groups.map((g) => g.name)).toEqual(['Ana', 'Ben']);
    const listed = await firstValueFrom(client.groups.conversations(group.id, { limit: 5 }));
    expect(listed.conversations.map((c) => c.id)).toEqual([conversationId]);
    const renamed = await firstValueFrom(
      client.groups.update(group.id, { name: 'Agent Ana', criteria: 'conversation.metadata.agentId==ana' }),
    );
    expect(renamed.group.name).toBe('Agent Ana');
    expect((await firstValueFrom(client.groups.get(group.id))).group.name).toBe('Agent Ana');
    expect(await firstValueFrom(client.groups.delete(groups[0]!.id))).toMatchObject({ deleted: true });
    await expect(firstValueFrom(client.groups.get(groups[0]!.id))).rejects.toBeInstanceOf(NotFoundError);
    // Bad bodies fail on subscribe, before anything is sent.
    await expect(firstValueFrom(client.groups.create({ name: '', criteria: 'x' }))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('manages entity definitions', async () => {
    const { entities } = await firstValueFrom(
      client.managedEntities.createMany([
        { type: 'custom', subType: 'plan', category: 'product', values: ['gold', 'silver'] },
      ]),
    );
    const id = entities[0]!.id;
    expect((await firstValueFrom(client.managedEntities.list('plan'))).entities.map((e) => e.id)).toEqual([
      id,
    ]);
    const updated = await firstValueFrom(
      client.managedEntities.update(id, {
        type: 'custom',
        subType: 'plan',
        category: 'product',
        values: ['gold'],
      }),
    );
    expect(updated.entity.values).toEqual(['gold']);
    expect((await firstValueFrom(client.managedEntities.get(id))).entity.values).toEqual(['gold']);
    expect((await firstValueFrom(client.managedEntities.deleteSubType('plan'))).message).toContain(
      'Deleted 1',
    );
    await expect(firstValueFrom(client.managedEntities.delete(id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('bookmarks a conversation through the conversation calls', async () => {
    const job = client.text.process({
      messages: [
        line('Ben', 'We should lower the renewal price for the enterprise customer.', 0, 4),
        line('Ana', 'I will prepare a new renewal quote with the discount tomorrow.', 5, 9),
      ],
    });
    await lastValueFrom(job);
    const meeting = job.conversation;
    const { messages } = await firstValueFrom(meeting.getMessages());
    const bookmark = await firstValueFrom(
      meeting.createBookmark({
        label: 'Renewal',
        description: 'price and quote',
        user: { name: 'Ben' },
        beginTimeOffset: 0,
        duration: 9,
        messageRefs: messages.map((m) => ({ id: m.id })),
      }),
    );
    expect((await firstValueFrom(meeting.getBookmarks())).bookmarks.map((b) => b.id)).toEqual([bookmark.id]);
    expect((await firstValueFrom(meeting.updateBookmark(bookmark.id, { label: 'Price' }))).label).toBe(
      'Price',
    );
    expect((await firstValueFrom(meeting.getBookmark(bookmark.id))).label).toBe('Price');
    const { summary } = await firstValueFrom(meeting.getBookmarkSummary(bookmark.id));
    expect(summary.every((s) => s.bookmarkReference?.id === bookmark.id)).toBe(true);
    const all = await firstValueFrom(meeting.getBookmarksSummary());
    expect(all.bookmarksSummary.map((b) => b.bookmarkId)).toEqual([bookmark.id]);
    expect((await firstValueFrom(meeting.deleteBookmark(bookmark.id))).id).toBe(bookmark.id);
    await expect(
      firstValueFrom(
        meeting.createBookmark({
          label: 'x',
          description: '',
          user: {},
          beginTimeOffset: 0,
          duration: 1,
          messageRefs: [],
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

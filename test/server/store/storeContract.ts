import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors/ConflictError.ts';
import { RateLimitError } from '../../../src/errors/RateLimitError.ts';
import type { Store } from '../../../src/server/store/Store.ts';
import type { ConversationRecord } from '../../../src/server/store/StoreRecords.ts';

/** How the contract gets a fresh, empty store for each test, and gives it back. */
export interface StoreHarness {
  open(): Promise<Store>;
  /** Another handle on the database `store` uses: what a second node (or process) would open. */
  peer(store: Store): Promise<Store>;
  close(store: Store): Promise<void>;
}

export function conversation(id: string, appId = 'app-a'): ConversationRecord {
  return {
    id,
    appId,
    type: 'meeting',
    name: id,
    members: [],
    metadata: {},
    createdAt: new Date().toISOString(),
  };
}

export function enqueueText(
  store: Store,
  jobId: string,
  conversationId: string,
  create: boolean,
  appId = 'app-a',
  limit = 50,
) {
  return store.enqueueJob({
    job: {
      id: jobId,
      appId,
      conversationId,
      append: !create,
      input: { type: 'text', messages: [] },
      options: {},
    },
    ...(create ? { createConversation: conversation(conversationId, appId) } : {}),
    maxActiveJobsPerApp: limit,
  });
}

const message = (id: string) => ({ id, text: id });

/**
 * What every Store promises (src/server/store/Store.ts), run against each implementation: SQLite
 * (SqliteStore.test.ts) and PostgreSQL (PostgresStore.test.ts).
 */
export function storeContract(name: string, harness: StoreHarness): void {
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
      for (const appId of ['app-a', 'app-b']) {
        await store.putApp({ appId, secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
      }
    });
    afterEach(async () => {
      await harness.close(store);
    });

    const enqueue = (jobId: string, conversationId: string, create: boolean, appId = 'app-a', limit = 50) =>
      enqueueText(store, jobId, conversationId, create, appId, limit);

    it('keeps words and sentiment beside the body, reading them back in place unless a reader omits them', async () => {
      const words = [{ word: 'Hello', startTime: 'a', endTime: 'b', timeOffset: 0, duration: 0.5 }];
      const sentiment = { polarity: { score: 0.4 }, suggested: 'positive' };
      await enqueue('j1', 'c1', true);
      const job = await store.claimJob('w', 60_000);
      await store.completeJob(job!.id, 'w', {
        messages: [
          { id: 'm1', text: 'Hello', sentiment, words },
          { id: 'm2', text: 'Bare' },
        ],
      });
      await store.appendLiveMessages(
        conversation('c1'),
        [{ id: 'm3', text: 'Live', words, sentiment: null }],
        'live-1',
      );
      const bodies = async (omit?: ('words' | 'sentiment')[]) =>
        (await store.listMessages('c1', omit === undefined ? {} : { omit })).map((m) => m.body);
      expect(await bodies()).toEqual([
        { id: 'm1', text: 'Hello', sentiment, words },
        { id: 'm2', text: 'Bare' },
        { id: 'm3', text: 'Live', words, sentiment: null },
      ]);
      expect(await bodies(['words'])).toEqual([
        { id: 'm1', text: 'Hello', sentiment },
        { id: 'm2', text: 'Bare' },
        { id: 'm3', text: 'Live', sentiment: null },
      ]);
      expect(await bodies(['words', 'sentiment'])).toEqual([
        { id: 'm1', text: 'Hello' },
        { id: 'm2', text: 'Bare' },
        { id: 'm3', text: 'Live' },
      ]);
    });

    it("moves a conversation's messages version with every change to its messages, and no other's", async () => {
      const version = async (id: string) => (await store.getConversation('app-a', id))?.messagesVersion;
      await enqueue('j1', 'c1', true);
      await enqueue('j2', 'c2', true);
      const start = await version('c1');
      expect(await version('c2')).toBe(start);
      const first = await store.claimJob('w', 60_000);
      await store.completeJob(first!.id, 'w', { messages: [message('m1')] });
      const other = await store.claimJob('w', 60_000);
      expect(other!.id).toBe('j2');
      // Nothing written: nothing moves.
      await store.completeJob(other!.id, 'w', { messages: [] });
      expect(await version('c2')).toBe(start);
      const afterJob = (await version('c1'))!;
      expect(afterJob).toBeGreaterThan(start!);
      await store.appendLiveMessages(conversation('c1'), [message('m2')], 'live-1');
      const afterLive = (await version('c1'))!;
      expect(afterLive).toBeGreaterThan(afterJob);
      await enqueue('j3', 'c1', false);
      const third = await store.claimJob('w', 60_000);
      await store.completeJob(third!.id, 'w', {
        messages: [],
        updatedMessages: [{ id: 'm1', text: 'changed' }],
      });
      const afterUpdate = (await version('c1'))!;
      expect(afterUpdate).toBeGreaterThan(afterLive);
      // A live snapshot that replaces the writer's messages moves it too, and so does a second
      // handle on the same database (another node): the version is the database's, not a cache's.
      const peer = await harness.peer(store);
      try {
        await peer.saveLiveConversation(conversation('c1'), { messages: [message('m3')] }, 'live-1');
        expect(await version('c1')).toBeGreaterThan(afterUpdate);
      } finally {
        await harness.close(peer);
      }
      expect(await version('c2')).toBe(start);
    });

    it("keeps a conversation's time zone from creation, and lets a job's outcome or a live snapshot move it", async () => {
      await store.enqueueJob({
        job: {
          id: 'j1',
          appId: 'app-a',
          conversationId: 'c1',
          append: false,
          input: { type: 'text', messages: [] },
          options: {},
        },
        createConversation: { ...conversation('c1'), timeZone: 'Europe/Berlin' },
        maxActiveJobsPerApp: 50,
      });
      expect((await store.getConversation('app-a', 'c1'))?.timeZone).toBe('Europe/Berlin');
      await store.claimJob('w', 60_000);
      // An outcome that names no zone keeps the conversation's.
      expect(await store.completeJob('j1', 'w', { messages: [], conversation: { members: [] } })).toBe(true);
      expect((await store.getConversation('app-a', 'c1'))?.timeZone).toBe('Europe/Berlin');
      await enqueue('j2', 'c1', false);
      await store.claimJob('w', 60_000);
      expect(
        await store.completeJob('j2', 'w', { messages: [], conversation: { timeZone: 'Asia/Tokyo' } }),
      ).toBe(true);
      expect((await store.getConversation('app-a', 'c1'))?.timeZone).toBe('Asia/Tokyo');
      await enqueue('j3', 'c2', true);
      expect((await store.getConversation('app-a', 'c2'))?.timeZone).toBeUndefined();
      await store.saveLiveConversation(
        { ...conversation('live'), timeZone: 'America/Chicago' },
        { messages: [] },
        'w1',
      );
      expect((await store.getConversation('app-a', 'live'))?.timeZone).toBe('America/Chicago');
      await store.saveLiveConversation(
        conversation('live'),
        { messages: [], conversation: { timeZone: 'Europe/Paris' } },
        'w1',
      );
      expect((await store.getConversation('app-a', 'live'))?.timeZone).toBe('Europe/Paris');
    });

    describe('groups, bookmarks and entity definitions', () => {
      const now = '2024-03-04T15:00:00.000Z';
      const bookmark = (id: string, conversationId: string, appId = 'app-a') => ({
        id,
        appId,
        conversationId,
        label: 'L',
        description: 'D',
        user: { name: 'Ben' },
        beginTimeOffset: 0,
        duration: 5,
        messageRefs: [{ id: 'm1' }],
        createdAt: now,
        updatedAt: now,
      });

      it('keep rows in creation order, scoped to their app, and never update another app’s row', async () => {
        const group = {
          id: 'g1',
          appId: 'app-a',
          name: 'G',
          criteria: 'conversation.metadata.a==b',
          createdAt: now,
          updatedAt: now,
        };
        await store.putGroups([group, { ...group, id: 'g0', name: 'Second' }]);
        expect((await store.listGroups('app-a')).map((g) => g.id)).toEqual(['g1', 'g0']);
        await store.putGroups([{ ...group, appId: 'app-b', name: 'Taken over' }]);
        expect((await store.getGroup('app-a', 'g1'))?.name).toBe('G');
        expect(await store.getGroup('app-b', 'g1')).toBeUndefined();
        expect(await store.deleteGroup('app-b', 'g1')).toBe(false);
        expect(await store.deleteGroup('app-a', 'g1')).toBe(true);

        const definition = {
          id: 'e1',
          appId: 'app-a',
          type: 'custom',
          subType: 'plan',
          category: 'c',
          values: ['gold'],
          createdAt: now,
          updatedAt: now,
        };
        await store.putEntityDefinitions([definition, { ...definition, id: 'e2', subType: 'car' }]);
        expect((await store.listEntityDefinitions('app-a', 'plan')).map((d) => d.id)).toEqual(['e1']);
        expect(await store.deleteEntityDefinitionsOfSubType('app-b', 'plan')).toBe(0);
        expect(await store.deleteEntityDefinitionsOfSubType('app-a', 'plan')).toBe(1);
        expect(await store.getEntityDefinition('app-a', 'e2')).toMatchObject({ values: ['gold'] });
      });

      it('write a bookmark only under a conversation of its app, and delete it with the conversation', async () => {
        await enqueue('job-1', 'conv-a', true);
        await enqueue('job-2', 'conv-b', true, 'app-b');
        expect(await store.putBookmark(bookmark('b1', 'conv-a'))).toBe(true);
        expect(await store.putBookmark(bookmark('b2', 'conv-b'))).toBe(false);
        expect(await store.putBookmark(bookmark('b3', 'missing'))).toBe(false);
        expect(await store.putBookmark({ ...bookmark('b1', 'conv-b', 'app-b'), label: 'x' })).toBe(false);
        expect(await store.getBookmark('app-a', 'conv-a', 'b1')).toMatchObject({
          label: 'L',
          messageRefs: [{ id: 'm1' }],
        });
        expect(await store.getBookmark('app-b', 'conv-a', 'b1')).toBeUndefined();
        expect(await store.putBookmark({ ...bookmark('b1', 'conv-a'), label: 'Renamed' })).toBe(true);
        expect((await store.listBookmarks('app-a', 'conv-a')).map((b) => b.label)).toEqual(['Renamed']);
        await store.deleteConversation('app-a', 'conv-a');
        expect(await store.listBookmarks('app-a', 'conv-a')).toEqual([]);
      });
    });

    it('keeps conversations and jobs of one app invisible to another', async () => {
      await enqueue('j1', 'c1', true);
      expect(await store.getConversation('app-b', 'c1')).toBeUndefined();
      expect(await store.getJob('app-b', 'j1')).toBeUndefined();
      expect(await store.deleteConversation('app-b', 'c1')).toBe(false);
      expect(await store.updateConversationMetadata('app-b', 'c1', { a: 'b' })).toBeUndefined();
      expect((await store.getConversation('app-a', 'c1'))?.id).toBe('c1');
    });

    it('runs the jobs of one conversation in submission order, others in parallel', async () => {
      await enqueue('j1', 'c1', true);
      await enqueue('j2', 'c1', false);
      await enqueue('j3', 'c2', true);
      const first = await store.claimJob('w', 60_000);
      const second = await store.claimJob('w', 60_000);
      expect([first?.id, second?.id]).toEqual(['j1', 'j3']);
      expect(await store.claimJob('w', 60_000)).toBeUndefined();
      expect(await store.completeJob('j1', 'w', { messages: [message('m1')] })).toBe(true);
      expect((await store.claimJob('w', 60_000))?.id).toBe('j2');
    });

    it('refuses a job past the per-app limit with a RateLimitError', async () => {
      await enqueue('j1', 'c1', true, 'app-a', 1);
      await expect(enqueue('j2', 'c2', true, 'app-a', 1)).rejects.toBeInstanceOf(RateLimitError);
      expect(await store.getConversation('app-a', 'c2')).toBeUndefined();
      await enqueue('j3', 'c3', true, 'app-b', 1);
    });

    it('hands a job whose lease expired to another worker, and fences the old one out', async () => {
      await enqueue('j1', 'c1', true);
      const now = Date.now();
      expect((await store.claimJob('dead', 1000, now))?.attempts).toBe(1);
      expect(await store.claimJob('next', 1000, now + 500)).toBeUndefined();
      const retaken = await store.claimJob('next', 1000, now + 1001);
      expect(retaken?.attempts).toBe(2);
      expect(await store.renewLease('j1', 'dead', 1000)).toBe(false);
      expect(await store.completeJob('j1', 'next', { messages: [message('m1'), message('m2')] })).toBe(true);
      // The first worker wakes up late and tries to write the same job's results.
      expect(await store.completeJob('j1', 'dead', { messages: [message('x1'), message('x2')] })).toBe(false);
      expect(await store.failJob('j1', 'dead', 'late')).toBe(false);
      const stored = await store.listMessages('c1');
      expect(stored.map((m) => m.body.id)).toEqual(['m1', 'm2']);
      expect((await store.getJob('app-a', 'j1'))?.status).toBe('completed');
    });

    it('keeps the progress of the worker holding a job, starts each claim without any, and drops it at the end', async () => {
      await enqueue('j1', 'c1', true);
      const now = Date.now();
      const progress = { stage: 'recognizing', percent: 40, audioSeconds: 600, recognizedSeconds: 240 };
      expect(await store.recordJobProgress('j1', 'w', progress)).toBe(false); // not claimed yet
      await store.claimJob('dead', 1000, now);
      expect(await store.recordJobProgress('j1', 'dead', progress)).toBe(true);
      expect((await store.getJob('app-a', 'j1'))?.progress).toEqual(progress);
      await store.claimJob('next', 1000, now + 1001);
      expect((await store.getJob('app-a', 'j1'))?.progress).toBeUndefined();
      expect(await store.recordJobProgress('j1', 'dead', progress)).toBe(false);
      expect(await store.recordJobProgress('j1', 'next', { stage: 'decoding', percent: 0 })).toBe(true);
      await store.completeJob('j1', 'next', { messages: [] });
      expect((await store.getJob('app-a', 'j1'))?.progress).toBeUndefined();
      expect(await store.recordJobProgress('j1', 'next', progress)).toBe(false);
    });

    it('appends messages after earlier jobs and replaces only the insight families given', async () => {
      await enqueue('j1', 'c1', true);
      await store.claimJob('w', 60_000);
      await store.completeJob('j1', 'w', {
        messages: [message('m1')],
        insights: { question: [{ id: 'q1' }], topic: [{ id: 't1' }] },
        conversation: {
          startTime: '2024-01-01T00:00:00.000Z',
          endTime: '2024-01-01T00:01:00.000Z',
          members: [{ id: 'u1' }],
        },
      });
      await enqueue('j2', 'c1', false);
      await store.claimJob('w', 60_000);
      await store.completeJob('j2', 'w', {
        messages: [message('m2')],
        insights: { question: [{ id: 'q2' }] },
      });
      expect((await store.listMessages('c1')).map((m) => [m.seq, m.body.id, m.jobId])).toEqual([
        [0, 'm1', 'j1'],
        [1, 'm2', 'j2'],
      ]);
      expect((await store.listInsights('c1')).map((i) => i.body.id)).toEqual(['q2', 't1']);
      expect((await store.listInsights('c1', ['topic'])).map((i) => i.body.id)).toEqual(['t1']);
      const c1 = await store.getConversation('app-a', 'c1');
      expect(c1?.members).toEqual([{ id: 'u1' }]);
      expect(c1?.startTime).toBe('2024-01-01T00:00:00.000Z');
    });

    it('releases a job so that it can be claimed at once, still in progress for clients', async () => {
      await enqueue('j1', 'c1', true);
      await store.claimJob('old', 60_000);
      expect(await store.releaseJob('j1', 'old')).toBe(true);
      expect((await store.getJob('app-a', 'j1'))?.status).toBe('in_progress');
      expect((await store.claimJob('new', 60_000))?.leaseOwner).toBe('new');
    });

    it('fails a job whose conversation was deleted while it ran, and deletes everything under it', async () => {
      await enqueue('j1', 'c1', true);
      await store.claimJob('w', 60_000);
      await store.completeJob('j1', 'w', { messages: [message('m1')], insights: { topic: [{ id: 't' }] } });
      await enqueue('j2', 'c1', false);
      await store.claimJob('w', 60_000);
      expect(await store.deleteConversation('app-a', 'c1')).toBe(true);
      expect(await store.completeJob('j2', 'w', { messages: [message('m2')] })).toBe(true);
      expect((await store.getJob('app-a', 'j2'))?.status).toBe('failed');
      expect(await store.listMessages('c1')).toEqual([]);
      expect(await store.listInsights('c1')).toEqual([]);
    });

    it('lists conversations by app with metadata filters, order, limit and offset', async () => {
      for (const id of ['c1', 'c2', 'c3']) {
        await enqueue(`j-${id}`, id, true);
        await store.updateConversationMetadata('app-a', id, { agent: id === 'c3' ? 'x' : 'y' });
      }
      await enqueue('j-other', 'c4', true, 'app-b');
      const base = { limit: 10, offset: 0, order: 'asc' as const, sort: 'startTime' as const };
      expect((await store.listConversations('app-a', base)).map((c) => c.id)).toHaveLength(3);
      expect(
        (await store.listConversations('app-a', { ...base, metadata: { agent: 'y' } }))
          .map((c) => c.id)
          .sort(),
      ).toEqual(['c1', 'c2']);
      expect(await store.listConversations('app-a', { ...base, limit: 1, offset: 3 })).toEqual([]);
    });

    it('stores trackers per app', async () => {
      const now = new Date().toISOString();
      await store.putTracker({
        id: 't1',
        appId: 'app-a',
        name: 'Pricing',
        vocabulary: ['price'],
        createdAt: now,
        updatedAt: now,
      });
      expect((await store.getTracker('app-a', 't1'))?.vocabulary).toEqual(['price']);
      expect(await store.getTracker('app-b', 't1')).toBeUndefined();
      expect(await store.listTrackers('app-b')).toEqual([]);
      expect(await store.deleteTracker('app-b', 't1')).toBe(false);
      expect(await store.deleteTracker('app-a', 't1')).toBe(true);
    });

    it('keeps tracker names unique per app, and writes a bulk create all or nothing', async () => {
      const now = new Date().toISOString();
      const tracker = (id: string, name: string, appId = 'app-a') => ({
        id,
        appId,
        name,
        vocabulary: ['price'],
        categories: ['sales'],
        description: 'd',
        createdAt: now,
        updatedAt: now,
      });
      await store.putTracker(tracker('t1', 'Pricing'));
      // Same name in another app, and another case in the same app, are both fine.
      await store.putTracker(tracker('t2', 'Pricing', 'app-b'));
      await store.putTracker(tracker('t3', 'pricing'));
      await expect(store.putTracker(tracker('t4', 'Pricing'))).rejects.toBeInstanceOf(ConflictError);
      await expect(
        store.putTrackers([tracker('t5', 'Budget'), tracker('t6', 'Budget')]),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await store.listTrackers('app-a')).map((t) => t.name)).toEqual(['Pricing', 'pricing']);
      expect(await store.getTracker('app-a', 't1')).toMatchObject({
        categories: ['sales'],
        description: 'd',
      });
    });

    it('rewrites stored message bodies in place when a job outcome carries updatedMessages', async () => {
      await enqueue('j1', 'c1', true);
      const first = await store.claimJob('w', 60_000);
      await store.completeJob(first!.id, 'w', { messages: [message('m1'), message('m2')] });
      await enqueue('j2', 'c1', false);
      const second = await store.claimJob('w', 60_000);
      await store.completeJob(second!.id, 'w', {
        messages: [],
        updatedMessages: [{ id: 'm2', text: 'changed' }],
      });
      const stored = await store.listMessages('c1');
      expect(stored.map((m) => [m.seq, m.jobId, m.body.text])).toEqual([
        [0, 'j1', 'm1'],
        [1, 'j1', 'changed'],
      ]);
    });

    it('keeps the text of stored wire objects, key order included', async () => {
      await enqueue('j1', 'c1', true);
      await store.claimJob('w', 60_000);
      const body = { text: 'hi', id: 'm1', from: { name: 'Ana', id: 'u' }, n: 1.5 };
      await store.completeJob('j1', 'w', { messages: [body] });
      const [stored] = await store.listMessages('c1');
      expect(JSON.stringify(stored?.body)).toBe(JSON.stringify(body));
    });

    it('wakes its queue when a job is submitted, handed back, or ends', async () => {
      const wakeups = firstValueFrom(store.jobWakeups().pipe(take(4), toArray(), timeout(10_000)));
      // A LISTEN connection is opened on subscribe; give it a moment before the first change.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await enqueue('j1', 'c1', true);
      await enqueue('j2', 'c2', true);
      await store.claimJob('w', 60_000);
      await store.releaseJob('j1', 'w');
      await store.claimJob('w', 60_000);
      await store.completeJob('j1', 'w', { messages: [] });
      expect(await wakeups).toHaveLength(4);
    });

    it('gives each job to exactly one of several handles claiming at once', async () => {
      const other = await harness.peer(store);
      try {
        for (let i = 0; i < 30; i++) await enqueue(`j${i}`, `c${i}`, true);
        const claimed: string[] = [];
        const drain = async (handle: Store, owner: string) => {
          for (;;) {
            const job = await handle.claimJob(owner, 60_000);
            if (job === undefined) return;
            claimed.push(job.id);
          }
        };
        await Promise.all([drain(store, 'a1'), drain(other, 'b1'), drain(store, 'a2'), drain(other, 'b2')]);
        expect(claimed).toHaveLength(30);
        expect(new Set(claimed).size).toBe(30);
      } finally {
        await harness.close(other);
      }
    });

    it("keeps a conversation's later job back while another handle runs the earlier one", async () => {
      const other = await harness.peer(store);
      try {
        await enqueue('j1', 'c1', true);
        await enqueue('j2', 'c1', false);
        expect((await store.claimJob('a', 60_000))?.id).toBe('j1');
        expect(await other.claimJob('b', 60_000)).toBeUndefined();
        await store.completeJob('j1', 'a', { messages: [message('m1')] });
        expect((await other.claimJob('b', 60_000))?.id).toBe('j2');
      } finally {
        await harness.close(other);
      }
    });

    it('holds the per-app limit of unfinished jobs exactly under concurrent submissions', async () => {
      const other = await harness.peer(store);
      try {
        const attempts = Array.from({ length: 12 }, (_, i) =>
          enqueueText(i % 2 === 0 ? store : other, `j${i}`, `c${i}`, true, 'app-a', 5).then(
            () => 'accepted',
            (error: unknown) => (error instanceof RateLimitError ? 'refused' : String(error)),
          ),
        );
        const results = await Promise.all(attempts);
        expect(results.filter((r) => r === 'accepted')).toHaveLength(5);
        expect(results.filter((r) => r === 'refused')).toHaveLength(7);
        expect(await store.countActiveJobs('app-a')).toBe(5);
      } finally {
        await harness.close(other);
      }
    });

    it('lists the nodes seen recently, and forgets a removed node with its live sessions', async () => {
      const node = (id: string) => ({
        id,
        url: `http://127.0.0.1:1/${id}`,
        role: 'all' as const,
        mediaDir: '/srv/media',
        mediaProbe: `probe-${id}`,
        startedAt: new Date().toISOString(),
      });
      await store.putNode(node('n1'));
      await store.putNode(node('n2'));
      expect((await store.listNodes(60_000)).map((n) => n.id)).toEqual(['n1', 'n2']);
      expect(await store.listNodes(60_000, Date.now() + 120_000)).toEqual([]);
      expect(await store.touchNode('n1')).toBe(true);
      expect(await store.touchNode('nobody')).toBe(false);
      await store.claimLiveSession({ appId: 'app-a', id: 's1', kind: 'streaming', nodeId: 'n1' }, 60_000);
      await store.removeNode('n1');
      expect((await store.listNodes(60_000)).map((n) => n.id)).toEqual(['n2']);
      expect(await store.findLiveSession('app-a', 's1', 60_000)).toBeUndefined();
      expect(
        (await store.claimLiveSession({ appId: 'app-a', id: 's1', kind: 'streaming', nodeId: 'n2' }, 60_000))
          .nodeId,
      ).toBe('n2');
      // Long unseen: forgotten, sessions and all.
      await store.pruneNodes(60_000, Date.now() + 30_000);
      expect((await store.listNodes(60_000)).map((n) => n.id)).toEqual(['n2']);
      await store.pruneNodes(60_000, Date.now() + 120_000);
      expect(await store.listNodes(60_000 * 10)).toEqual([]);
      await store.putNode(node('n2'));
      expect(await store.findLiveSession('app-a', 's1', 60_000)).toBeUndefined();
    });

    it("gives a live session to one node, lets a live holder keep it, and hands a dead one's over", async () => {
      const other = await harness.peer(store);
      try {
        for (const id of ['n1', 'n2', 'n3']) {
          await store.putNode({
            id,
            url: `http://${id}.internal:8080`,
            role: 'api',
            mediaDir: '/m',
            mediaProbe: 'p',
            startedAt: new Date().toISOString(),
          });
        }
        const claims = await Promise.all(
          ['n1', 'n2', 'n3'].map((nodeId, i) =>
            (i % 2 === 0 ? store : other).claimLiveSession(
              { appId: 'app-a', id: 'conn', kind: 'streaming', nodeId },
              60_000,
            ),
          ),
        );
        const holder = claims[0]!.nodeId;
        expect(claims.map((c) => c.nodeId)).toEqual([holder, holder, holder]);
        expect(claims[0]).toEqual({
          nodeId: holder,
          url: `http://${holder}.internal:8080`,
          kind: 'streaming',
        });
        // Another app's session of the same id is another session.
        expect(
          (
            await store.claimLiveSession(
              { appId: 'app-b', id: 'conn', kind: 'telephony', nodeId: 'n3' },
              60_000,
            )
          ).nodeId,
        ).toBe('n3');
        expect(await store.findLiveSession('app-a', 'conn', 60_000)).toMatchObject({ nodeId: holder });
        // Only the holder releases it.
        const notHolder = ['n1', 'n2', 'n3'].find((id) => id !== holder)!;
        await store.releaseLiveSession('app-a', 'conn', notHolder);
        expect(await store.findLiveSession('app-a', 'conn', 60_000)).toMatchObject({ nodeId: holder });
        // The holder stops being seen: the session is nobody's, and the next claim takes it.
        const later = Date.now() + 120_000;
        await store.touchNode(notHolder, later);
        expect(await store.findLiveSession('app-a', 'conn', 60_000, later)).toBeUndefined();
        expect(
          (
            await other.claimLiveSession(
              { appId: 'app-a', id: 'conn', kind: 'streaming', nodeId: notHolder },
              60_000,
              later,
            )
          ).nodeId,
        ).toBe(notHolder);
        await store.releaseLiveSession('app-a', 'conn', notHolder);
        expect(await store.findLiveSession('app-a', 'conn', 60_000, later)).toBeUndefined();
      } finally {
        await harness.close(other);
      }
    });
  });
}

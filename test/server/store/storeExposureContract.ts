import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/server/store/Store.ts';
import type { JobInput } from '../../../src/server/store/StoreRecords.ts';
import type { StoreHarness } from './storeContract.ts';

/**
 * The Store promises an exposed server relies on, run against each implementation (SQLite in
 * SqliteStore.test.ts, PostgreSQL in PostgresStore.test.ts): secret versions, webhook deliveries
 * written with the status change they report and claimed in order under leases, the job attempt
 * cap, leases of a dead owner ended at once, live finals appended one at a time, shared request
 * counts, the media still needed.
 */
export function storeExposureContract(name: string, harness: StoreHarness): void {
  describe(`${name}: what an exposed server relies on`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
      await store.putApp({ appId: 'app', secretHash: 'scrypt$01$01', createdAt: new Date().toISOString() });
    });
    afterEach(async () => {
      await harness.close(store);
    });

    async function enqueue(jobId: string, options: { webhookUrl?: string; input?: JobInput } = {}) {
      return store.enqueueJob({
        job: {
          id: jobId,
          appId: 'app',
          conversationId: `c-${jobId}`,
          append: false,
          input: options.input ?? { type: 'text', messages: [] },
          options: {},
          ...(options.webhookUrl === undefined ? {} : { webhookUrl: options.webhookUrl }),
        },
        createConversation: {
          id: `c-${jobId}`,
          appId: 'app',
          type: 'meeting',
          name: jobId,
          members: [],
          metadata: {},
          createdAt: new Date().toISOString(),
        },
        maxActiveJobsPerApp: 50,
      });
    }

    describe('apps', () => {
      it('counts secret versions: a new hash is a new version and clears the old webhook key; the same hash changes nothing', async () => {
        expect((await store.getApp('app'))?.secretVersion).toBe(1);
        expect(await store.setAppWebhookKey('app', 1, 'v1.sealed-one')).toBe(true);
        const same = await store.putApp({ appId: 'app', secretHash: 'scrypt$01$01', createdAt: 'x' });
        expect(same).toMatchObject({ secretVersion: 1, webhookKey: 'v1.sealed-one' });
        const rotated = await store.putApp({ appId: 'app', secretHash: 'scrypt$02$02', createdAt: 'x' });
        expect(rotated.secretVersion).toBe(2);
        expect(rotated.webhookKey).toBeUndefined();
        // A key derived from the old secret never lands on the new one.
        expect(await store.setAppWebhookKey('app', 1, 'v1.stale')).toBe(false);
        expect(await store.setAppWebhookKey('app', 2, 'v1.sealed-two')).toBe(true);
        expect((await store.getApp('app'))?.webhookKey).toBe('v1.sealed-two');
      });
    });

    describe('webhook deliveries', () => {
      it('are written with every status change of a job that has a webhook URL, and claimed in order', async () => {
        await enqueue('j1', { webhookUrl: 'https://hooks.example.com/a' });
        await enqueue('j2');
        const job = await store.claimJob('worker', 60_000);
        expect(job?.id).toBe('j1');
        await store.completeJob('j1', 'worker', { messages: [] });
        const deliveries = await store.listWebhookDeliveries('app', 'j1');
        expect(deliveries.map((d) => d.payload)).toEqual(
          ['scheduled', 'in_progress', 'completed'].map((status) => ({
            jobId: 'j1',
            status,
            conversationId: 'c-j1',
          })),
        );
        expect(await store.listWebhookDeliveries('app', 'j2')).toEqual([]);

        // The first is claimed; the next of the same job waits behind it, even while it is leased.
        const first = await store.claimWebhookDelivery('sender', 60_000);
        expect(first).toMatchObject({
          payload: { status: 'scheduled' },
          attempts: 1,
          url: 'https://hooks.example.com/a',
        });
        expect(await store.claimWebhookDelivery('sender', 60_000)).toBeUndefined();
        // A retry waits for its time; another owner cannot settle it.
        expect(await store.settleWebhookDelivery(first!.id, 'someone-else', { state: 'delivered' })).toBe(
          false,
        );
        const later = Date.now() + 60_000;
        expect(
          await store.settleWebhookDelivery(first!.id, 'sender', {
            state: 'pending',
            nextAttemptAt: later,
            error: 'HTTP 503',
          }),
        ).toBe(true);
        expect(await store.claimWebhookDelivery('sender', 60_000)).toBeUndefined();
        const retried = await store.claimWebhookDelivery('sender', 60_000, later + 1);
        expect(retried).toMatchObject({ id: first!.id, attempts: 2, lastError: 'HTTP 503' });
        await store.settleWebhookDelivery(first!.id, 'sender', { state: 'delivered' });
        const second = await store.claimWebhookDelivery('sender', 60_000, later + 1);
        expect(second?.payload.status).toBe('in_progress');
      });

      it('write a failed delivery when a job fails or is given up', async () => {
        await enqueue('j1', { webhookUrl: 'https://hooks.example.com/a' });
        await store.claimJob('w', 60_000);
        await store.failJob('j1', 'w', 'broken');
        expect((await store.listWebhookDeliveries('app', 'j1')).map((d) => d.payload.status)).toEqual([
          'scheduled',
          'in_progress',
          'failed',
        ]);
      });
    });

    describe('job attempts and leases', () => {
      it('fails a job the server died on maxAttempts times, instead of running it again', async () => {
        await enqueue('poison', { webhookUrl: 'https://hooks.example.com/a' });
        let now = Date.now();
        for (let attempt = 1; attempt <= 3; attempt++) {
          const claimed = await store.claimJob(`dead-${attempt}`, 1000, now, 3);
          expect(claimed).toMatchObject({ id: 'poison', attempts: attempt });
          now += 2000; // the process died: its lease runs out
        }
        expect(await store.claimJob('next', 1000, now, 3)).toBeUndefined();
        const job = await store.getJob('app', 'poison');
        expect(job).toMatchObject({ status: 'failed', attempts: 3 });
        expect(job?.error).toMatch(/given up after 3 attempts/);
        expect((await store.listWebhookDeliveries('app', 'poison')).at(-1)?.payload.status).toBe('failed');
      });

      it('does not count a hand-back as an attempt', async () => {
        await enqueue('j');
        for (let i = 0; i < 5; i++) {
          await store.claimJob('w', 60_000, Date.now(), 3);
          await store.releaseJob('j', 'w');
        }
        expect(await store.getJob('app', 'j')).toMatchObject({ status: 'in_progress', attempts: 0 });
      });

      it('lists lease owners and ends a dead owner’s leases at once', async () => {
        await enqueue('j1', { webhookUrl: 'https://hooks.example.com/a' });
        await store.claimJob('host/1/dead', 60 * 60_000);
        await store.claimWebhookDelivery('host/1/dead', 60 * 60_000);
        expect(await store.listLeaseOwners()).toEqual(['host/1/dead']);
        expect(await store.claimJob('host/2/alive', 60_000)).toBeUndefined();
        expect(await store.expireLeases('host/1/dead')).toBe(2);
        expect(await store.listLeaseOwners()).toEqual([]);
        expect((await store.claimJob('host/2/alive', 60_000))?.id).toBe('j1');
        expect((await store.claimWebhookDelivery('host/2/alive', 60_000))?.payload.status).toBe('scheduled');
      });
    });

    describe('live finals', () => {
      it('appends messages one call at a time, once each, and a later snapshot replaces them', async () => {
        const record = {
          id: 'live-1',
          appId: 'app',
          type: 'meeting',
          name: 'Live',
          members: [],
          metadata: {},
          createdAt: new Date().toISOString(),
        };
        expect(await store.appendLiveMessages(record, [{ id: 'm1', text: 'one' }], 'live:live-1')).toBe(true);
        expect(await store.appendLiveMessages(record, [{ id: 'm2', text: 'two' }], 'live:live-1')).toBe(true);
        expect(
          await store.appendLiveMessages(record, [{ id: 'm2', text: 'two, again' }], 'live:live-1'),
        ).toBe(true);
        expect((await store.listMessages('live-1')).map((m) => m.body.text)).toEqual(['one', 'two, again']);
        await store.saveLiveConversation(
          record,
          {
            messages: [
              { id: 'm1', text: 'one' },
              { id: 'm2', text: 'two' },
            ],
          },
          'live:live-1',
        );
        expect((await store.listMessages('live-1')).map((m) => m.body.text)).toEqual(['one', 'two']);
        expect(
          await store.appendLiveMessages({ ...record, appId: 'other' }, [{ id: 'x' }], 'live:live-1'),
        ).toBe(false);
        // Read in pages by position.
        const page = await store.listMessages('live-1', {
          afterSeq: (await store.listMessages('live-1'))[0]!.seq,
          limit: 5,
        });
        expect(page.map((m) => m.body.id)).toEqual(['m2']);
      });
    });

    describe('request counts', () => {
      it('adds up a window over every caller and forgets older windows', async () => {
        expect(await store.countRequests('app', 60_000, 3)).toBe(3);
        expect(await store.countRequests('app', 60_000, 4)).toBe(7);
        expect(await store.countRequests('other', 60_000, 1)).toBe(1);
        expect(await store.countRequests('app', 120_000, 1)).toBe(1);
        expect(await store.countRequests('app', 60_000, 0)).toBe(0);
      });
    });

    describe('media still needed', () => {
      it('names the files of unfinished jobs and of completed jobs that keep their recording', async () => {
        const media = (path: string, keep?: boolean): JobInput => ({
          type: 'media',
          path,
          media: 'audio',
          ...(keep ? { keep } : {}),
        });
        await enqueue('waiting', { input: media('/m/waiting.media') });
        await enqueue('kept', { input: media('/m/kept.media', true) });
        await enqueue('done', { input: media('/m/done.media') });
        // 'waiting' stays in progress; the other two complete.
        expect((await store.claimJob('w', 60_000))?.id).toBe('waiting');
        for (const id of ['kept', 'done']) {
          expect((await store.claimJob('w', 60_000))?.id).toBe(id);
          await store.completeJob(id, 'w', { messages: [] });
        }
        expect((await store.listNeededMediaPaths()).sort()).toEqual(['/m/kept.media', '/m/waiting.media']);
      });
    });
  });
}

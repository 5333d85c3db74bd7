import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors/ConflictError.ts';
import { RateLimitError } from '../../../src/errors/RateLimitError.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import type { ConversationRecord } from '../../../src/server/store/StoreRecords.ts';
import { sqliteMigrations } from '../../../src/server/store/sqliteMigrations.ts';
import { tempDataDir } from '../support/testServer.ts';

let data: ReturnType<typeof tempDataDir>;
let store: SqliteStore;

beforeEach(async () => {
  data = tempDataDir();
  store = SqliteStore.open(data.dir);
  for (const appId of ['app-a', 'app-b']) {
    await store.putApp({ appId, secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
  }
});
afterEach(async () => {
  await store.close();
  data.remove();
});

function conversation(id: string, appId = 'app-a'): ConversationRecord {
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

async function enqueue(jobId: string, conversationId: string, create: boolean, appId = 'app-a', limit = 50) {
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

describe('SqliteStore', () => {
  it('applies every migration once, in WAL mode, and reopens without reapplying', async () => {
    expect(store.schemaVersions()).toEqual(sqliteMigrations.map((m) => m.version));
    await enqueue('j1', 'c1', true);
    expect(existsSync(join(data.dir, 'parley.sqlite-wal'))).toBe(true);
    await store.close();
    store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual(sqliteMigrations.map((m) => m.version));
    expect((await store.getJob('app-a', 'j1'))?.status).toBe('scheduled');
  });

  it("keeps a conversation's time zone from creation, and lets a job's outcome move it", async () => {
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
    await store.completeJob('j2', 'w', { messages: [message('m2')], insights: { question: [{ id: 'q2' }] } });
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
      (await store.listConversations('app-a', { ...base, metadata: { agent: 'y' } })).map((c) => c.id).sort(),
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
    expect(await store.getTracker('app-a', 't1')).toMatchObject({ categories: ['sales'], description: 'd' });
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

  it('moves the words and sentiment of messages stored before they had columns of their own', async () => {
    await store.close();
    data.remove();
    data = tempDataDir();
    const db = new Database(join(data.dir, 'parley.sqlite'));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    for (const migration of sqliteMigrations.filter((m) => m.version <= 4)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        'then',
      );
    }
    db.prepare(
      "INSERT INTO apps (app_id, secret_hash, created_at) VALUES ('app-a', 'scrypt$00$00', 'then')",
    ).run();
    db.prepare(
      "INSERT INTO conversations (id, app_id, type, name, members, metadata, created_at) VALUES ('c1', 'app-a', 'meeting', 'c1', '[]', '{}', 'then')",
    ).run();
    const old = [
      {
        id: 'm1',
        text: 'Hi there',
        sentiment: { polarity: { score: 0.1 } },
        words: [{ word: 'Hi' }, { word: 'there' }],
      },
      { id: 'm2', text: 'Plain', phrases: [] },
      { id: 'm3', text: 'Null sentiment', sentiment: null },
    ];
    const insert = db.prepare(
      "INSERT INTO messages (conversation_id, seq, id, job_id, body) VALUES ('c1', ?, ?, 'j1', ?)",
    );
    for (const [seq, body] of old.entries()) insert.run(seq, body.id, JSON.stringify(body));
    db.close();
    store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual(sqliteMigrations.map((m) => m.version));
    expect((await store.listMessages('c1')).map((m) => m.body)).toEqual(old);
    expect((await store.listMessages('c1', { omit: ['words', 'sentiment'] })).map((m) => m.body)).toEqual([
      { id: 'm1', text: 'Hi there' },
      { id: 'm2', text: 'Plain', phrases: [] },
      { id: 'm3', text: 'Null sentiment' },
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
    expect(await version('c1')).toBeGreaterThan(afterLive);
    expect(await version('c2')).toBe(start);
  });
});

import pg from 'pg';
import { firstValueFrom, take, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../src/server/store/PostgresStore.ts';
import { postgresMigrations } from '../../../src/server/store/postgresMigrations.ts';
import type { Store } from '../../../src/server/store/Store.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgresDatabase.ts';
import { enqueueText, type StoreHarness, storeContract } from './storeContract.ts';
import { storeExposureContract } from './storeExposureContract.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const harness: StoreHarness = {
  async open() {
    const store = await PostgresStore.open(database.url, { poolSize: 4 });
    await database.truncate();
    return store;
  },
  peer: () => PostgresStore.open(database.url, { poolSize: 4 }),
  close: (store) => store.close(),
};
storeContract('PostgresStore', harness);
storeExposureContract('PostgresStore', harness);

describe('PostgresStore', () => {
  it('applies each migration exactly once when several nodes start at once', async () => {
    const fresh = await createTestDatabase();
    const logs: Record<string, unknown>[] = [];
    const logger = {
      log: (_l: string, event: string, fields?: Record<string, unknown>) => logs.push({ event, ...fields }),
    };
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresStore.open(fresh.url, { poolSize: 2, logger })),
    );
    try {
      const applied = logs.filter((l) => l.event === 'store.migrated').map((l) => l.applied as number[]);
      expect(applied).toHaveLength(4);
      expect(applied.flat().sort()).toEqual(postgresMigrations.map((m) => m.version));
      expect(await stores[0]!.schemaVersions()).toEqual(postgresMigrations.map((m) => m.version));
      // A node started later finds nothing to do.
      const late = await PostgresStore.open(fresh.url, { poolSize: 1, logger });
      expect(logs.at(-1)).toMatchObject({ event: 'store.migrated', applied: [] });
      await late.close();
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await fresh.drop();
    }
  });

  it('wakes the queues of other nodes through NOTIFY when a job is submitted', async () => {
    const a = await PostgresStore.open(database.url, { poolSize: 2 });
    const b = await PostgresStore.open(database.url, { poolSize: 2 });
    await database.truncate();
    try {
      await a.putApp({ appId: 'app-a', secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
      const woken = firstValueFrom(b.jobWakeups().pipe(take(1), timeout(10_000)));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await enqueueText(a, 'j1', 'c1', true);
      await woken;
      expect((await b.claimJob('b', 60_000))?.id).toBe('j1');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('gets its LISTEN connection back after the database dropped it, and says so with a wake-up', async () => {
    const store = await PostgresStore.open(database.url, { poolSize: 2 });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const wakeups: number[] = [];
      const sub = store.jobWakeups().subscribe(() => wakeups.push(Date.now()));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      const deadline = Date.now() + 10_000;
      while (wakeups.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(wakeups.length).toBeGreaterThan(0);
      sub.unsubscribe();
    } finally {
      await admin.end();
      await store.close();
    }
  });

  it('moves the words and sentiment of messages stored before they had columns of their own, keeping key order', async () => {
    const fresh = await createTestDatabase();
    const db = new pg.Client({ connectionString: fresh.url });
    await db.connect();
    try {
      await db.query(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      for (const migration of postgresMigrations.filter((m) => m.version <= 3)) {
        await db.query(migration.sql);
        await db.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          'then',
        ]);
      }
      await db.query(
        "INSERT INTO apps (app_id, secret_hash, created_at) VALUES ('app-a', 'scrypt$00$00', 'then')",
      );
      await db.query(
        `INSERT INTO conversations (id, app_id, type, name, members, metadata, created_at)
         VALUES ('c1', 'app-a', 'meeting', 'c1', '[]', '{}', 'then')`,
      );
      const old = [
        {
          id: 'm1',
          text: 'Hi there',
          sentiment: { polarity: { score: 0.1 } },
          words: [{ word: 'Hi' }, { word: 'there' }],
          phrases: [],
        },
        { id: 'm2', text: 'Plain', phrases: [] },
        { id: 'm3', text: 'Null sentiment', sentiment: null },
      ];
      for (const [seq, body] of old.entries()) {
        await db.query(
          "INSERT INTO messages (conversation_id, seq, id, job_id, body) VALUES ('c1', $1, $2, 'j1', $3)",
          [seq, body.id, JSON.stringify(body)],
        );
      }
    } finally {
      await db.end();
    }
    const store = await PostgresStore.open(fresh.url, { poolSize: 2 });
    try {
      expect(await store.schemaVersions()).toEqual(postgresMigrations.map((m) => m.version));
      const bodies = (await store.listMessages('c1', { omit: ['words', 'sentiment'] })).map((m) => m.body);
      expect(bodies).toEqual([
        { id: 'm1', text: 'Hi there', phrases: [] },
        { id: 'm2', text: 'Plain', phrases: [] },
        { id: 'm3', text: 'Null sentiment' },
      ]);
      // The body's own keys keep the order they were written in.
      expect(Object.keys(bodies[0]!)).toEqual(['id', 'text', 'phrases']);
      expect((await store.listMessages('c1')).map((m) => m.body.words ?? m.body.sentiment)).toEqual([
        [{ word: 'Hi' }, { word: 'there' }],
        undefined,
        null,
      ]);
    } finally {
      await store.close();
      await fresh.drop();
    }
  });

  it('uses the database clock for leases when the caller gives none', async () => {
    const store: Store = await PostgresStore.open(database.url, { poolSize: 2 });
    await database.truncate();
    try {
      await store.putApp({ appId: 'app-a', secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
      await enqueueText(store, 'j1', 'c1', true);
      const before = Date.now();
      const job = await store.claimJob('w', 30_000);
      // The database runs on this machine: its clock and ours agree to well under a second.
      expect(job!.leaseExpiresAt! - before).toBeGreaterThan(29_000);
      expect(job!.leaseExpiresAt! - before).toBeLessThan(31_000);
      expect(Date.parse(job!.updatedAt)).toBeGreaterThan(before - 1000);
    } finally {
      await store.close();
    }
  });
});

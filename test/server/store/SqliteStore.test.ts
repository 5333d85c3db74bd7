import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import type { Store } from '../../../src/server/store/Store.ts';
import { sqliteMigrations } from '../../../src/server/store/sqliteMigrations.ts';
import { tempDataDir } from '../support/testServer.ts';
import { enqueueText, type StoreHarness, storeContract } from './storeContract.ts';
import { storeExposureContract } from './storeExposureContract.ts';

// 4: webhook deliveries, secret versions, request counts; 5: message columns; 6: conversation time
// zone; 7: groups, bookmarks, entity definitions; 8: deployment nodes.
const ALL_VERSIONS = [1, 2, 3, 4, 5, 6, 7, 8];

const dirs = new Map<Store, ReturnType<typeof tempDataDir>>();
const paths = new Map<Store, string>();

const harness: StoreHarness = {
  async open() {
    const data = tempDataDir();
    const store = SqliteStore.open(data.dir);
    dirs.set(store, data);
    paths.set(store, data.dir);
    return store;
  },
  async peer(store) {
    // A second process on the same file.
    const peer = SqliteStore.open(paths.get(store)!);
    paths.set(peer, paths.get(store)!);
    return peer;
  },
  async close(store) {
    await store.close();
    dirs.get(store)?.remove();
    dirs.delete(store);
    paths.delete(store);
  },
};
storeContract('SqliteStore', harness);
storeExposureContract('SqliteStore', harness);

describe('SqliteStore', () => {
  let data: ReturnType<typeof tempDataDir> | undefined;
  afterEach(() => data?.remove());

  it('applies every migration once, in WAL mode, and reopens without reapplying', async () => {
    data = tempDataDir();
    let store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual(ALL_VERSIONS);
    await store.putApp({ appId: 'app-a', secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
    await enqueueText(store, 'j1', 'c1', true);
    expect(existsSync(join(data.dir, 'parley.sqlite-wal'))).toBe(true);
    await store.close();
    store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual(ALL_VERSIONS);
    expect((await store.getJob('app-a', 'j1'))?.status).toBe('scheduled');
    await store.close();
  });

  it('moves the words and sentiment of messages stored before they had columns of their own', async () => {
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
    const store = SqliteStore.open(data.dir);
    try {
      expect(store.schemaVersions()).toEqual(ALL_VERSIONS);
      expect((await store.listMessages('c1')).map((m) => m.body)).toEqual(old);
      expect((await store.listMessages('c1', { omit: ['words', 'sentiment'] })).map((m) => m.body)).toEqual([
        { id: 'm1', text: 'Hi there' },
        { id: 'm2', text: 'Plain', phrases: [] },
        { id: 'm3', text: 'Null sentiment' },
      ]);
    } finally {
      await store.close();
    }
  });
});

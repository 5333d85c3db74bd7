import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import type { Store } from '../../../src/server/store/Store.ts';
import { tempDataDir } from '../support/testServer.ts';
import { enqueueText, storeContract } from './storeContract.ts';

const dirs = new Map<Store, ReturnType<typeof tempDataDir>>();
const paths = new Map<Store, string>();

storeContract('SqliteStore', {
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
});

describe('SqliteStore', () => {
  let data: ReturnType<typeof tempDataDir> | undefined;
  afterEach(() => data?.remove());

  it('applies every migration once, in WAL mode, and reopens without reapplying', async () => {
    data = tempDataDir();
    let store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual([1, 2, 3, 4]);
    await store.putApp({ appId: 'app-a', secretHash: 'scrypt$00$00', createdAt: new Date().toISOString() });
    await enqueueText(store, 'j1', 'c1', true);
    expect(existsSync(join(data.dir, 'parley.sqlite-wal'))).toBe(true);
    await store.close();
    store = SqliteStore.open(data.dir);
    expect(store.schemaVersions()).toEqual([1, 2, 3, 4]);
    expect((await store.getJob('app-a', 'j1'))?.status).toBe('scheduled');
    await store.close();
  });
});

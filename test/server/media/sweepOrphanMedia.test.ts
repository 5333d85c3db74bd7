import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/server/Logger.ts';
import { MEDIA_HOST_TAG } from '../../../src/server/media/storeMediaStream.ts';
import { sweepOrphanMedia } from '../../../src/server/media/sweepOrphanMedia.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { tempDataDir } from '../support/testServer.ts';

let data: ReturnType<typeof tempDataDir>;
let store: SqliteStore;
let media: string;

beforeEach(async () => {
  data = tempDataDir();
  store = SqliteStore.open(data.dir);
  media = join(data.dir, 'media');
  mkdirSync(media);
  await store.putApp({ appId: 'app', secretHash: 'scrypt$01$01', createdAt: new Date().toISOString() });
});
afterEach(async () => {
  await store.close();
  data.remove();
});

/** Writes `name` under the media dir, last modified `ageMs` ago. */
function file(name: string, ageMs = 0): string {
  const path = join(media, name);
  writeFileSync(path, 'bytes');
  const then = new Date(Date.now() - ageMs);
  utimesSync(path, then, then);
  return path;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('sweepOrphanMedia', () => {
  it('removes what nothing will read, and leaves uploads under way on any machine', async () => {
    const needed = file('needed.media', 10 * 60_000);
    await store.enqueueJob({
      job: {
        id: 'j1',
        appId: 'app',
        conversationId: 'c1',
        append: false,
        input: { type: 'media', path: needed, media: 'audio' },
        options: {},
      },
      createConversation: {
        id: 'c1',
        appId: 'app',
        type: 'meeting',
        name: 'c1',
        members: [],
        metadata: {},
        createdAt: new Date().toISOString(),
      },
      maxActiveJobsPerApp: 50,
    });
    const unneeded = file('unneeded.media', 10 * 60_000);
    const justRenamed = file('just-renamed.media');
    const deadHere = file(`${deadPid()}.${MEDIA_HOST_TAG}-a.part`);
    const liveHere = file(`${process.pid}.${MEDIA_HOST_TAG}-b.part`);
    // Another machine sharing the directory: its pid says nothing here, its file's age does.
    const elsewhereActive = file(`${process.pid}.0000beef-c.part`, 60_000);
    const elsewhereAbandoned = file(`${deadPid()}.0000beef-d.part`, 20 * 60_000);

    const removed = await sweepOrphanMedia(media, store, silentLogger);

    expect(removed.sort()).toEqual([deadHere, elsewhereAbandoned, unneeded].sort());
    for (const kept of [needed, justRenamed, liveHere, elsewhereActive]) expect(existsSync(kept)).toBe(true);
    // At start, a partial file with this process's pid is a predecessor's.
    expect(await sweepOrphanMedia(media, store, silentLogger, true)).toEqual([liveHere]);
  });
});

import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import { MEDIA_HOST_TAG, MEDIA_SUFFIX, PARTIAL_MEDIA_SUFFIX } from './storeMediaStream.ts';

/** A complete file no job needs is removed once it is this old (a submit renames, then enqueues). */
const UNCLAIMED_MEDIA_AGE_MS = 60_000;
/**
 * Another machine's partial file (its pid means nothing here) is removed once it has not been
 * written to for this long: an upload runs at most the server's 5-minute request timeout.
 */
const ABANDONED_PARTIAL_AGE_MS = 15 * 60_000;

/**
 * Removes media files nothing will read: uploads cut short by a process that died (`.part` files
 * whose process no longer runs, or that were this process's pid before it; another machine's,
 * once untouched for 15 minutes), and complete files
 * that no job needs (their job ended but the process died before deleting them, or it
 * died between storing a file and scheduling its job); recordings completed jobs keep for their
 * conversation's page are needed. Run at start (`atStart`: partial files with
 * this process's pid are a predecessor's, since nothing has been uploaded yet) and now and then.
 * Returns the paths removed.
 */
export async function sweepOrphanMedia(
  dir: string,
  store: Store,
  logger: Logger,
  atStart = false,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const needed = new Set(await store.listNeededMediaPaths());
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await isOrphan(name, path, needed, atStart))) continue;
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch (error) {
      logger.log('warn', 'media.sweep_failed', { path, error });
    }
  }
  if (removed.length > 0) logger.log('info', 'media.orphans_removed', { count: removed.length });
  return removed;
}

async function isOrphan(
  name: string,
  path: string,
  needed: ReadonlySet<string>,
  atStart: boolean,
): Promise<boolean> {
  if (name.endsWith(PARTIAL_MEDIA_SUFFIX)) {
    const [pidText, host] = (name.split('-')[0] ?? '').split('.');
    if (host !== undefined && host !== MEDIA_HOST_TAG) return olderThan(path, ABANDONED_PARTIAL_AGE_MS);
    const pid = Number(pidText);
    return (atStart && pid === process.pid) || !writerAlive(pid);
  }
  if (!name.endsWith(MEDIA_SUFFIX) || needed.has(path)) return false;
  return olderThan(path, UNCLAIMED_MEDIA_AGE_MS);
}

/** Whether the file was last written more than `ms` ago (false when it is gone). */
async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** Whether the process that wrote a partial file may still be writing it. */
function writerAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

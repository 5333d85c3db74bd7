import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../errors/ConfigError.ts';
import type { NodeRecord } from '../store/StoreRecords.ts';

/** Where the probes live, inside the media directory (apart from the media files themselves). */
const PROBE_DIR = '.nodes';

/** Writes this node's probe (a random token) into the media directory; returns the token. */
export async function writeMediaProbe(mediaDir: string, nodeId: string): Promise<string> {
  const token = randomBytes(16).toString('hex');
  await mkdir(join(mediaDir, PROBE_DIR), { recursive: true });
  await writeFile(probePath(mediaDir, nodeId), token);
  return token;
}

/** Removes this node's probe (on leaving). */
export async function removeMediaProbe(mediaDir: string, nodeId: string): Promise<void> {
  await rm(probePath(mediaDir, nodeId), { force: true });
}

/**
 * Checks that this node reads the media directory the running `others` write to: an upload one
 * node accepts is processed by whichever node claims its job, and jobs name their file by its
 * path, so every node must name the same directory and see the same files there.
 * @throws ConfigError naming the first node whose directory differs or whose probe is not there.
 */
export async function checkSharedMediaDir(mediaDir: string, others: readonly NodeRecord[]): Promise<void> {
  for (const other of others) {
    if (other.mediaDir !== mediaDir) {
      throw new ConfigError(
        `--media-dir must name the same shared directory on every node: node ${other.id} uses ${other.mediaDir}, this node ${mediaDir}.`,
      );
    }
    const found = await readFile(probePath(mediaDir, other.id), 'utf8').catch(() => undefined);
    if (found !== other.mediaProbe) {
      throw new ConfigError(
        `--media-dir ${mediaDir} is not the directory node ${other.id} writes to (its probe file is not there): mount one shared directory (NFS, a ReadWriteMany volume) at this path on every node.`,
      );
    }
  }
}

function probePath(mediaDir: string, nodeId: string): string {
  return join(mediaDir, PROBE_DIR, `${encodeURIComponent(nodeId)}.probe`);
}

import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopLocalPostgres } from '../scripts/postgres/LocalPostgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Where the run's PostgreSQL lives once a test file asks for it (test/support/postgresDatabase.ts
     * starts it there on first use, and every later file of the run finds it).
     */
    postgresDir: string;
  }
}

/**
 * vitest globalSetup: a place for one PostgreSQL server (Debian's package) for the whole run. The
 * first test file that needs a database starts it there, on a free loopback port; a run that needs
 * none starts none. Teardown stops it, if it was started, and removes the directory.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  // As root, the server runs as the postgres system user, which must reach its directory in here.
  chmodSync(dir, 0o755);
  project.provide('postgresDir', dir);
  return async () => {
    if (existsSync(join(dir, 'cluster'))) await stopLocalPostgres(join(dir, 'cluster'));
    await rm(dir, { recursive: true, force: true });
  };
}

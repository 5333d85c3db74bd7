import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LocalPostgres, startLocalPostgres } from '../scripts/postgres/LocalPostgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the run's PostgreSQL server (database `postgres`); '' when it could not start. */
    postgresUrl: string;
    /** Why PostgreSQL could not start ('' when it did). */
    postgresError: string;
  }
}

/**
 * vitest globalSetup: one PostgreSQL server (Debian's package) for the whole run, in a temporary
 * directory on a free loopback port, removed afterwards. Test files create a database each
 * (test/support/postgresDatabase.ts). When PostgreSQL cannot start, the files that need it fail
 * with the reason; the rest of the suite runs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: LocalPostgres | undefined;
  try {
    server = await startLocalPostgres({
      dir: mkdtempSync(join(tmpdir(), 'parley-pg-')),
      throwaway: true,
    });
    project.provide('postgresUrl', server.url());
    project.provide('postgresError', '');
  } catch (error) {
    project.provide('postgresUrl', '');
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    await server?.stop({ remove: true });
  };
}

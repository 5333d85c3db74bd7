import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { startLocalPostgres } from '../../scripts/postgres/LocalPostgres.ts';

/** A database of its own for one test file, on the run's PostgreSQL server. */
export interface TestDatabase {
  url: string;
  /** Empties every table but `schema_migrations`, so the next test starts from a fresh store. */
  truncate(): Promise<void>;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the run's PostgreSQL server, starting it first when no file of this
 * run has (test/postgresGlobalSetup.ts stops it). Throws with the reason when it cannot start:
 * PostgreSQL tests fail, they are never skipped.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  serverUrl ??= runServer();
  const base = await serverUrl;
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE DATABASE ${name}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async truncate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ tablename: string }>(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
        );
        if (rows.length > 0) {
          await client.query(
            `TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
          );
        }
      } finally {
        await client.end();
      }
    },
    drop: () => admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The run's server, as this test process found or started it. */
let serverUrl: Promise<string> | undefined;

/** How long a file waits for another file of the run to start the server. */
const START_WAIT_MS = 120_000;

/**
 * The base URL of the run's PostgreSQL: the first test file to ask starts it in the run's
 * directory (creating `starting` there is atomic: one file wins), the others wait for the `url`
 * (or `error`) it leaves there.
 */
async function runServer(): Promise<string> {
  const dir = inject('postgresDir');
  const urlFile = join(dir, 'url');
  const errorFile = join(dir, 'error');
  try {
    mkdirSync(join(dir, 'starting'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const deadline = Date.now() + START_WAIT_MS;
    for (;;) {
      if (existsSync(urlFile)) return readFileSync(urlFile, 'utf8');
      if (existsSync(errorFile)) throw new Error(readFileSync(errorFile, 'utf8'));
      if (Date.now() > deadline)
        throw new Error('PostgreSQL is not available for tests: another file did not start it in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    const server = await startLocalPostgres({ dir: join(dir, 'cluster'), throwaway: true });
    writeFileSync(`${urlFile}.tmp`, server.url());
    renameSync(`${urlFile}.tmp`, urlFile);
    return server.url();
  } catch (error) {
    const message = `PostgreSQL is not available for tests: ${error instanceof Error ? error.message : String(error)}`;
    writeFileSync(errorFile, message);
    throw new Error(message);
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database of its own for one test file, on the run's PostgreSQL server. */
export interface TestDatabase {
  url: string;
  /** Empties every table but `schema_migrations`, so the next test starts from a fresh store. */
  truncate(): Promise<void>;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the PostgreSQL server test/postgresGlobalSetup.ts started. Throws
 * with the reason when that server could not start: PostgreSQL tests fail, they are never skipped.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = inject('postgresUrl');
  if (base === '') throw new Error(`PostgreSQL is not available for tests: ${inject('postgresError')}`);
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

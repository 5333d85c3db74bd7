import { ConfigError } from '../../errors/ConfigError.ts';
import type { Logger } from '../Logger.ts';
import { SqliteStore } from './SqliteStore.ts';
import type { Store } from './Store.ts';

/** Where a server keeps its data. */
export interface StoreLocation {
  /** A `postgres://` (or `postgresql://`) URL; without it, SQLite under `dataDir`. */
  database?: string | undefined;
  dataDir: string;
  logger: Logger;
  /** PostgreSQL pool size of this node (default 10). */
  poolSize?: number | undefined;
}

/**
 * Opens the store a server is configured with: PostgreSQL when a database URL is given (the
 * driver is loaded only then), else SQLite in `dataDir`. Migrations are applied before it returns.
 * @throws ConfigError for a database URL that is not PostgreSQL's.
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const url = location.database?.trim();
  if (url === undefined || url === '') return SqliteStore.open(location.dataDir);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      `--database must be a postgres:// URL (for example postgres://parley@db.internal:5432/parley), got "${redactUrl(url)}".`,
    );
  }
  const { PostgresStore } = await import('./PostgresStore.ts');
  return PostgresStore.open(url, {
    logger: location.logger,
    ...(location.poolSize === undefined ? {} : { poolSize: location.poolSize }),
  });
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

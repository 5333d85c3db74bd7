import { ConfigError } from '../../errors/ConfigError.ts';
import type { Store } from '../store/Store.ts';
import type { ServerKey } from './ServerKey.ts';

/** The setting that holds the fingerprint of the server key a PostgreSQL deployment uses. */
const FINGERPRINT_SETTING = 'auth.serverKeyFingerprint';

/**
 * Makes sure every node on a PostgreSQL store holds the same server key: the first node records
 * its key's fingerprint, each later one compares. Nodes with different keys would refuse each
 * other's tokens and page links, and could not open the apps' sealed webhook keys. A SQLite store
 * is shared only by processes of one data directory, which read one key file, so it is not checked.
 * @throws ConfigError when the store's deployment uses another key.
 */
export async function checkSharedServerKey(store: Store, key: ServerKey): Promise<void> {
  if (store.dialect !== 'postgres') return;
  const recorded = await store.initSetting(FINGERPRINT_SETTING, key.fingerprint);
  if (recorded === key.fingerprint) return;
  throw new ConfigError(
    'This node holds another server key than the nodes already using this database: give every node the same PARLEY_SERVER_KEY (64 hex characters, e.g. from `openssl rand -hex 32`).',
  );
}

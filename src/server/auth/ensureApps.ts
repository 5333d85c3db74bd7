import { randomBytes } from 'node:crypto';
import type { Store } from '../store/Store.ts';
import type { AppCredentials } from './AppCredentials.ts';
import { hashSecret } from './secretHash.ts';

/** Result of {@link ensureApps}: the pair created now (to print once), if any. */
export interface EnsuredApps {
  created?: AppCredentials;
}

/**
 * Makes sure at least one app can get tokens. `PARLEY_APP_ID`/`PARLEY_APP_SECRET` register (or
 * re-key) that app; otherwise apps already in the store are used; with none, a new pair in
 * Symbl's credential shape is created, stored hashed, and returned so `serve` can print it once.
 * Nodes starting together on an empty store create one app between them: the first to record
 * its id creates it and prints it, the others find it.
 */
export async function ensureApps(store: Store, env: NodeJS.ProcessEnv): Promise<EnsuredApps> {
  const appId = env.PARLEY_APP_ID?.trim();
  const appSecret = env.PARLEY_APP_SECRET?.trim();
  if (appId && appSecret) {
    await store.putApp({ appId, secretHash: hashSecret(appSecret), createdAt: new Date().toISOString() });
    return {};
  }
  if ((await store.listApps()).length > 0) return {};
  const created = newAppCredentials();
  const first = await store.initSetting('auth.firstAppId', created.appId);
  if (first !== created.appId) return {};
  await store.putApp({
    appId: created.appId,
    secretHash: hashSecret(created.appSecret),
    createdAt: new Date().toISOString(),
  });
  return { created };
}

/** A fresh random pair: 64 and 128 lowercase hex characters. */
export function newAppCredentials(): AppCredentials {
  return { appId: randomBytes(32).toString('hex'), appSecret: randomBytes(64).toString('hex') };
}

import { randomBytes } from 'node:crypto';
import type { Store } from '../store/Store.ts';
import { webhookSigningKey } from '../webhooks/webhookSigningKey.ts';
import type { AppCredentials } from './AppCredentials.ts';
import type { ServerKey } from './ServerKey.ts';
import { hashSecret, secretMatchesSync } from './secretHash.ts';

/** Result of {@link ensureApps}: the pair created now (to print once), if any. */
export interface EnsuredApps {
  created?: AppCredentials;
}

/**
 * Makes sure at least one app can get tokens. `PARLEY_APP_ID`/`PARLEY_APP_SECRET` register that
 * app, or give it that secret when it had another (which revokes the old secret's tokens; the same
 * secret again changes nothing); otherwise apps already in the store are used; with none, a new
 * pair in Symbl's credential shape is created, stored hashed, and returned so `serve` can print it
 * once. Nodes starting together on an empty store create one app between them: the first to
 * record its id creates it and prints it, the others find it. The app's webhook signing key is
 * derived from the secret and stored sealed.
 */
export async function ensureApps(store: Store, env: NodeJS.ProcessEnv, key: ServerKey): Promise<EnsuredApps> {
  const appId = env.PARLEY_APP_ID?.trim();
  const appSecret = env.PARLEY_APP_SECRET?.trim();
  if (appId && appSecret) {
    const existing = await store.getApp(appId);
    if (existing !== undefined && secretMatchesSync(appSecret, existing.secretHash)) {
      if (existing.webhookKey === undefined)
        await store.setAppWebhookKey(appId, existing.secretVersion, key.seal(webhookSigningKey(appSecret)));
      return {};
    }
    await register(store, key, { appId, appSecret });
    return {};
  }
  if ((await store.listApps()).length > 0) return {};
  const created = newAppCredentials();
  const first = await store.initSetting('auth.firstAppId', created.appId);
  if (first !== created.appId) return {};
  await register(store, key, created);
  return { created };
}

/** A fresh random pair: 64 and 128 lowercase hex characters. */
export function newAppCredentials(): AppCredentials {
  return { appId: randomBytes(32).toString('hex'), appSecret: randomBytes(64).toString('hex') };
}

async function register(store: Store, key: ServerKey, { appId, appSecret }: AppCredentials): Promise<void> {
  await store.putApp({
    appId,
    secretHash: hashSecret(appSecret),
    webhookKey: key.seal(webhookSigningKey(appSecret)),
    createdAt: new Date().toISOString(),
  });
}

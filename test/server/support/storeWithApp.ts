import { ensureApps } from '../../../src/server/auth/ensureApps.ts';
import { ServerKey } from '../../../src/server/auth/ServerKey.ts';
import { TokenService } from '../../../src/server/auth/TokenService.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';

/** A SQLite store in `dir` with its generated app, a token service over it, and a token of that app. */
export async function storeWithApp(
  dir: string,
): Promise<{ store: SqliteStore; tokens: TokenService; token: string }> {
  const store = SqliteStore.open(dir);
  const key = ServerKey.load(dir, {});
  const { created } = await ensureApps(store, {}, key);
  if (created === undefined) throw new Error('expected an app');
  const tokens = new TokenService(store, key);
  const token = (await tokens.generate(created.appId, created.appSecret, 'test')).accessToken;
  return { store, tokens, token };
}

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/ConfigError.ts';
import { parseIni } from './parseIni.ts';

/** Symbl's cloud, the base URL when credentials are configured without one. */
export const SYMBL_BASE_URL = 'https://api.symbl.ai';

/** App credentials (exchanged for tokens) or a ready access token (used as is until it expires). */
export type ClientCredentials = { appId: string; appSecret: string } | { accessToken: string };

/**
 * Where a client sends its requests: a configured server (Symbl's cloud or `parley serve`), or,
 * with nothing configured, the engine started in-process.
 */
export type ClientTarget =
  | { kind: 'remote'; baseUrl: string; credentials: ClientCredentials; source: string }
  | { kind: 'embedded' };

/** What {@link resolveClientTarget} looks at; every field is optional. */
export interface ClientTargetInputs {
  baseUrl?: string;
  appId?: string;
  appSecret?: string;
  accessToken?: string;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where `parley.conf` / `symbl.conf` are looked for first (default process.cwd()). */
  cwd?: string;
  /** Where they are looked for next (default $HOME). */
  homeDir?: string;
}

const CONF_NAMES = ['parley.conf', 'symbl.conf'];

/**
 * Picks the client's target, first match wins: options (`accessToken`, or `appId` + `appSecret`);
 * the environment (`PARLEY_APP_ID`/`PARLEY_APP_SECRET`, then `SYMBL_APP_ID`/`SYMBL_APP_SECRET`);
 * `parley.conf` then `symbl.conf` (INI, `[credentials] app_id, app_secret`, optional `base_url`)
 * in the working directory, then in the home directory. The base URL comes from options,
 * `PARLEY_BASE_URL`, the conf file's `base_url`, else Symbl's cloud. With no credentials anywhere
 * and no base URL, the target is the embedded engine. Half a pair, or a base URL without
 * credentials, is a {@link ConfigError} naming what is missing.
 */
export function resolveClientTarget(inputs: ClientTargetInputs = {}): ClientTarget {
  const env = inputs.env ?? process.env;
  const fromOptions = pair(inputs.appId, inputs.appSecret, 'options appId / appSecret');
  const conf = fromOptions || inputs.accessToken ? undefined : readConf(inputs, env);
  const envBase = env.PARLEY_BASE_URL?.trim() || undefined;
  const baseUrl = trimSlash(inputs.baseUrl ?? envBase ?? conf?.baseUrl);
  const found: { credentials: ClientCredentials; source: string } | undefined = inputs.accessToken
    ? { credentials: { accessToken: inputs.accessToken }, source: 'options accessToken' }
    : (fromOptions ??
      pair(env.PARLEY_APP_ID, env.PARLEY_APP_SECRET, 'PARLEY_APP_ID / PARLEY_APP_SECRET') ??
      pair(env.SYMBL_APP_ID, env.SYMBL_APP_SECRET, 'SYMBL_APP_ID / SYMBL_APP_SECRET') ??
      conf?.found);
  if (found === undefined) {
    if (baseUrl !== undefined) {
      throw new ConfigError(
        `A base URL (${baseUrl}) is configured but no credentials: set PARLEY_APP_ID and PARLEY_APP_SECRET, ` +
          'pass appId/appSecret or accessToken, or add [credentials] app_id, app_secret to parley.conf.',
      );
    }
    return { kind: 'embedded' };
  }
  return { kind: 'remote', baseUrl: baseUrl ?? SYMBL_BASE_URL, ...found };
}

function pair(
  appId: string | undefined,
  appSecret: string | undefined,
  source: string,
): { credentials: ClientCredentials; source: string } | undefined {
  const id = appId?.trim();
  const secret = appSecret?.trim();
  if (!id && !secret) return undefined;
  if (!id || !secret) {
    throw new ConfigError(`${source}: ${id ? 'the app secret' : 'the app id'} is missing.`);
  }
  return { credentials: { appId: id, appSecret: secret }, source };
}

function readConf(
  inputs: ClientTargetInputs,
  env: NodeJS.ProcessEnv,
): { found?: { credentials: ClientCredentials; source: string }; baseUrl?: string } | undefined {
  const dirs = [inputs.cwd ?? process.cwd(), inputs.homeDir ?? (env.HOME || homedir())];
  for (const dir of dirs) {
    for (const name of CONF_NAMES) {
      const path = join(dir, name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const section = parseIni(text).get('credentials');
      const found = pair(section?.get('app_id'), section?.get('app_secret'), path);
      const baseUrl = section?.get('base_url') || undefined;
      if (found === undefined && baseUrl === undefined) continue;
      return { ...(found === undefined ? {} : { found }), ...(baseUrl === undefined ? {} : { baseUrl }) };
    }
  }
  return undefined;
}

function trimSlash(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!URL.canParse(trimmed) || !/^https?:$/.test(new URL(trimmed).protocol)) {
    throw new ConfigError(`The base URL must be an http(s) URL, got "${url}".`);
  }
  return trimmed;
}

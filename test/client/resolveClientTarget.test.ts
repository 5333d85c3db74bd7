import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIni } from '../../src/client/parseIni.ts';
import { resolveClientTarget, SYMBL_BASE_URL } from '../../src/client/resolveClientTarget.ts';
import { userDataDir } from '../../src/client/userDataDir.ts';
import { ConfigError } from '../../src/errors/ConfigError.ts';

let root: string;
let cwd: string;
let home: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'parley-config-'));
  cwd = join(root, 'project');
  home = join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const conf = (dir: string, name: string, id: string, extra = '') =>
  writeFileSync(
    join(dir, name),
    `# comment\n[credentials]\napp_id = ${id}\napp_secret: "secret-${id}"\n${extra}`,
  );

describe('resolveClientTarget', () => {
  it('with nothing configured, picks the embedded engine', () => {
    expect(resolveClientTarget({ env: {}, cwd, homeDir: home })).toEqual({ kind: 'embedded' });
  });

  it('takes options first, then PARLEY_*, then SYMBL_*, then conf files (cwd before home, parley before symbl)', () => {
    conf(home, 'symbl.conf', 'home-symbl');
    const at = (env: NodeJS.ProcessEnv, more = {}) =>
      resolveClientTarget({ env, cwd, homeDir: home, ...more });
    expect(at({})).toMatchObject({
      kind: 'remote',
      baseUrl: SYMBL_BASE_URL,
      credentials: { appId: 'home-symbl' },
    });
    conf(cwd, 'symbl.conf', 'cwd-symbl');
    expect(at({})).toMatchObject({ credentials: { appId: 'cwd-symbl', appSecret: 'secret-cwd-symbl' } });
    conf(cwd, 'parley.conf', 'cwd-parley', 'base_url = http://127.0.0.1:8080/\n');
    expect(at({})).toMatchObject({ baseUrl: 'http://127.0.0.1:8080', credentials: { appId: 'cwd-parley' } });
    const symblEnv = { SYMBL_APP_ID: 'env-symbl', SYMBL_APP_SECRET: 'x' };
    expect(at(symblEnv)).toMatchObject({ credentials: { appId: 'env-symbl' } });
    const parleyEnv = {
      ...symblEnv,
      PARLEY_APP_ID: 'env-parley',
      PARLEY_APP_SECRET: 'y',
      PARLEY_BASE_URL: 'http://h:1',
    };
    expect(at(parleyEnv)).toMatchObject({ baseUrl: 'http://h:1', credentials: { appId: 'env-parley' } });
    expect(at(parleyEnv, { appId: 'opt', appSecret: 'z', baseUrl: 'https://x.example' })).toMatchObject({
      baseUrl: 'https://x.example',
      credentials: { appId: 'opt', appSecret: 'z' },
      source: 'options appId / appSecret',
    });
    expect(at(parleyEnv, { accessToken: 'tok' })).toMatchObject({ credentials: { accessToken: 'tok' } });
  });

  it('names what is missing: half a pair, or a base URL without credentials', () => {
    expect(() => resolveClientTarget({ env: { PARLEY_APP_ID: 'id' }, cwd, homeDir: home })).toThrow(
      /app secret/,
    );
    expect(() =>
      resolveClientTarget({ env: { PARLEY_BASE_URL: 'http://127.0.0.1:1' }, cwd, homeDir: home }),
    ).toThrow(ConfigError);
    expect(() => resolveClientTarget({ baseUrl: 'ftp://x', appId: 'a', appSecret: 'b', env: {} })).toThrow(
      /http/,
    );
  });
});

describe('parseIni and userDataDir', () => {
  it('reads sections, both separators, comments and quotes', () => {
    const ini = parseIni("; top\n[Credentials]\nAPP_ID=abc\n app_secret : 'xyz' \n[other]\nk=v\n");
    expect(Object.fromEntries(ini.get('credentials') ?? [])).toEqual({ app_id: 'abc', app_secret: 'xyz' });
    expect(ini.get('other')?.get('k')).toBe('v');
  });

  it('keeps data under $XDG_DATA_HOME/parley, else ~/.local/share/parley', () => {
    expect(userDataDir({ XDG_DATA_HOME: '/data' })).toBe('/data/parley');
    expect(userDataDir({ HOME: '/home/ann' })).toBe('/home/ann/.local/share/parley');
  });
});

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors/ConfigError.ts';

/** Bytes of a server key. */
const KEY_BYTES = 32;
/** Name of the key file under the data dir. */
export const SERVER_KEY_FILE = 'server.key';

/**
 * The server's own secret, kept outside the store: `PARLEY_SERVER_KEY` (64 hex characters, or
 * base64 of 32 bytes: what several nodes sharing one database must all be given), else
 * `<dataDir>/server.key`, created on first start readable by its owner only. Everything the
 * server signs or seals is keyed by a key derived from it: access tokens and page grants
 * (HMAC-SHA256, each its own key), and the apps' webhook keys, sealed (AES-256-GCM) before they are stored. A copy of the database alone
 * therefore cannot mint tokens or sign webhooks.
 */
export class ServerKey {
  /** Signs and verifies access tokens. */
  readonly tokenKey: Buffer;
  /** Signs and verifies page grants (a key of their own: a grant is never taken for a token). */
  readonly grantKey: Buffer;
  /**
   * Names this key without revealing it (a key derived for no other use), so processes sharing a
   * store can tell whether they hold the same key.
   */
  readonly fingerprint: string;
  readonly #sealKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES)
      throw new ConfigError(`A server key has ${KEY_BYTES} bytes, not ${key.length}.`);
    this.tokenKey = derive(key, 'parley access tokens v1');
    this.grantKey = derive(key, 'parley page grants v1');
    this.#sealKey = derive(key, 'parley sealed values v1');
    this.fingerprint = derive(key, 'parley key fingerprint v1').toString('hex').slice(0, 32);
  }

  /**
   * The key from `env.PARLEY_SERVER_KEY`, else from `<dataDir>/server.key` (created with mode 0600
   * when missing; the first of two processes starting at once wins, the other reads its key).
   * @throws ConfigError when the variable or the file does not hold a 32-byte key.
   */
  static load(dataDir: string, env: NodeJS.ProcessEnv): ServerKey {
    const configured = env.PARLEY_SERVER_KEY?.trim();
    if (configured) return new ServerKey(decodeKey(configured, 'PARLEY_SERVER_KEY'));
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, SERVER_KEY_FILE);
    try {
      writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new ServerKey(decodeKey(readFileSync(path, 'utf8').trim(), path));
  }

  /** `plain` encrypted and authenticated, as `v1.<iv>.<tag>.<ciphertext>` (base64url). */
  seal(plain: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv);
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The plain bytes of a {@link seal}ed value; undefined when it was sealed with another key or altered. */
  open(sealed: string): Buffer | undefined {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

function derive(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), purpose, KEY_BYTES));
}

function decodeKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES)
    throw new ConfigError(`${source} must hold a ${KEY_BYTES}-byte key: 64 hex characters or base64.`);
  return key;
}

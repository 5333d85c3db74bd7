import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** Bytes of the stored scrypt hash. */
const HASH_BYTES = 32;

/** Salted scrypt hash of an app secret, as `scrypt$<salt hex>$<hash hex>`. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(secret, salt, HASH_BYTES).toString('hex')}`;
}

/**
 * Whether `secret` matches a hash made by {@link hashSecret}, computed on libuv's thread pool (the
 * event loop goes on meanwhile). A malformed hash costs the same scrypt as a real one.
 */
export async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, saltHex = '', hashHex = ''] = stored.split('$');
  const expected = Buffer.from(hashHex, 'hex');
  const wellFormed = scheme === 'scrypt' && expected.length === HASH_BYTES;
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(secret, Buffer.from(saltHex, 'hex'), HASH_BYTES, (error, key) =>
      error === null ? resolve(key) : reject(error),
    ),
  );
  return wellFormed && timingSafeEqual(actual, expected);
}

/** Whether `secret` matches `stored`, on the calling thread (for start-up, never per request). */
export function secretMatchesSync(secret: string, stored: string): boolean {
  const [scheme, saltHex = '', hashHex = ''] = stored.split('$');
  const expected = Buffer.from(hashHex, 'hex');
  if (scheme !== 'scrypt' || expected.length !== HASH_BYTES) return false;
  return timingSafeEqual(scryptSync(secret, Buffer.from(saltHex, 'hex'), HASH_BYTES), expected);
}

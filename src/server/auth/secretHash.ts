import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** Salted scrypt hash of an app secret, as `scrypt$<salt hex>$<hash hex>`. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(secret, salt, 32).toString('hex')}`;
}

/** Whether `secret` matches a hash made by {@link hashSecret}. */
export function secretMatches(secret: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || saltHex === undefined || hashHex === undefined) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(secret, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}

import { createHash } from 'node:crypto';

function digest(parts: readonly string[]): string {
  // A separator that cannot occur inside a part keeps ("a","bc") and ("ab","c") apart.
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/**
 * A 16-digit numeric id (the async API's id style) derived from `parts`. Deterministic, so a
 * conversation fed live and the same conversation fed as a batch get the same ids.
 */
export function deterministicNumericId(...parts: string[]): string {
  const n = Number.parseInt(digest(parts).slice(0, 13), 16);
  return String(1e15 + (n % 9e15));
}

/** A UUID-shaped id (version 5 layout) derived from `parts`: member ids, streaming message ids. */
export function deterministicUuid(...parts: string[]): string {
  const hex = digest(parts);
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

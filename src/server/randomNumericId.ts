import { randomInt } from 'node:crypto';

/**
 * A new numeric id string of 16 digits, the shape of Symbl's conversation, message and insight
 * ids. Random, so ids from several nodes do not collide in practice.
 */
export function randomNumericId(): string {
  let id = String(randomInt(1, 10));
  while (id.length < 16) id += String(randomInt(0, 10));
  return id;
}

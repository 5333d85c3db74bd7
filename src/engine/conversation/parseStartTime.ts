import { ValidationError } from '../../errors/ValidationError.ts';
import type { ConversationOptions } from './ConversationOptions.ts';

/**
 * Epoch milliseconds of a conversation's start (ISO string, Date or epoch ms; epoch 0 when
 * absent).
 * @throws ValidationError when it is not a time or lies outside four-digit years.
 */
export function parseStartTime(start: ConversationOptions['startTime']): number {
  if (start === undefined) return 0;
  const ms = start instanceof Date ? start.getTime() : typeof start === 'number' ? start : Date.parse(start);
  // Keep every instant of the conversation inside the four-digit years ISO 8601 strings can say.
  if (!Number.isFinite(ms) || ms < -62_135_596_800_000 || ms > 253_000_000_000_000) {
    throw new ValidationError('conversation options', [
      { path: 'startTime', message: 'must be an ISO 8601 time (years 1-9987), a Date or epoch milliseconds' },
    ]);
  }
  return ms;
}

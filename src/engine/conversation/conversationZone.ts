import { TimeZone } from '../time/TimeZone.ts';
import type { ConversationOptions } from './ConversationOptions.ts';

/**
 * The zone of a conversation's options: `timeZone`, else the fixed zone of `timezoneOffset`,
 * else UTC.
 * @throws ValidationError naming the option when the zone is unknown or the offset out of range.
 */
export function conversationZone(
  options: Pick<ConversationOptions, 'timeZone' | 'timezoneOffset'>,
): TimeZone {
  if (options.timeZone instanceof TimeZone) return options.timeZone;
  if (options.timeZone !== undefined) return TimeZone.of(options.timeZone, 'timeZone');
  const offset = options.timezoneOffset;
  return offset === undefined ? TimeZone.UTC : TimeZone.fromTimezoneOffset(offset);
}

import { z } from 'zod';

/**
 * What a bounded audio queue does when more audio arrives than it may hold: `error` fails with
 * BufferOverflowError (nothing is lost silently; the default everywhere), `drop-oldest` discards
 * the oldest queued audio to make room (live captions that prefer fresh audio to complete audio).
 * Shared by `fromReadable`, `realtime` and `streamingSession`'s send buffer.
 */
export const OverflowPolicy = z.enum(['error', 'drop-oldest']);
export type OverflowPolicy = z.infer<typeof OverflowPolicy>;

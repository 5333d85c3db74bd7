import {
  asyncScheduler,
  defer,
  type MonoTypeOperatorFunction,
  retry,
  type SchedulerLike,
  tap,
  throwError,
  timer,
} from 'rxjs';
import type { ParleyError } from '../errors/ParleyError.ts';
import { backoffDelayMs, isReconnectable, type ReconnectPolicy } from './reconnectPolicy.ts';

/** Options of {@link reconnectAfterDrop}. */
export interface ReconnectAfterDropOptions {
  /** Clock of the back-off (default asyncScheduler; a TestScheduler in marble tests). */
  scheduler?: SchedulerLike;
  /** Source of the jitter, in [0, 1) (default Math.random). */
  random?: () => number;
  /** Told about each attempt before its back-off starts (for logs). */
  onReconnecting?: ((attempt: number, cause: ParleyError) => void) | undefined;
}

/**
 * Re-opens a dropped connection. The source is one connection per subscription: it emits each time
 * that connection has started, completes when the session ended normally on it, and errors with the
 * failure when it dropped. A drop is followed by a new subscription after full-jitter back-off
 * ({@link backoffDelayMs}) when the session has started at least once (a session that cannot start
 * fails at once), the failure is reconnectable ({@link isReconnectable}), and fewer than
 * `maxAttempts` attempts were made since the last start. Otherwise the failure passes on. Without a
 * policy the source is returned as it is.
 *
 * ```
 * 1st socket:        s---#                   (s: started; #: dropped)
 * 2nd socket:             ~~~~-#             (~: back-off; fails to start)
 * 3rd socket:                   ~~~~~~~~s-|
 * result:            s                  s-|
 * ```
 */
export function reconnectAfterDrop<T>(
  policy: ReconnectPolicy | undefined,
  options: ReconnectAfterDropOptions = {},
): MonoTypeOperatorFunction<T> {
  return (connection$) => {
    if (policy === undefined) return connection$;
    const scheduler = options.scheduler ?? asyncScheduler;
    return defer(() => {
      let everStarted = false;
      let attempt = 0;
      return connection$.pipe(
        tap(() => {
          everStarted = true;
          attempt = 0;
        }),
        retry({
          delay: (failure: unknown) => {
            if (!everStarted || !isReconnectable(failure) || attempt >= policy.maxAttempts) {
              return throwError(() => failure);
            }
            attempt += 1;
            options.onReconnecting?.(attempt, failure as ParleyError);
            return timer(backoffDelayMs(policy, attempt, options.random), scheduler);
          },
        }),
      );
    });
  };
}

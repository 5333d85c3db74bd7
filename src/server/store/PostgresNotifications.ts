import type { Client, ClientConfig } from 'pg';
import { Observable, share } from 'rxjs';
import type { Logger } from '../Logger.ts';

/** Longest wait between two attempts to get the listening connection back. */
const MAX_RECONNECT_MS = 5_000;

/**
 * `LISTEN` on one PostgreSQL channel (connected with the driver's `Driver`), as a cold Observable of wake-ups: the first subscriber opens
 * a connection of its own (a pooled one would be handed to others between queries and lose the
 * registration), the last unsubscribe closes it. A lost connection is opened again with backoff,
 * and a wake-up is emitted once it listens again, since notifications sent meanwhile are lost.
 */
export function listenChannel(
  Driver: new (config: ClientConfig) => Client,
  connectionString: string,
  channel: string,
  logger: Logger,
): Observable<void> {
  return new Observable<void>((subscriber) => {
    let client: Client | undefined;
    let closed = false;
    let attempt = 0;
    let retry: NodeJS.Timeout | undefined;

    const connect = async (): Promise<void> => {
      const next = new Driver({ connectionString });
      next.on('notification', () => subscriber.next());
      next.on('error', (error) => lost(next, error));
      next.on('end', () => lost(next, new Error('connection ended')));
      client = next;
      try {
        await next.connect();
        await next.query(`LISTEN ${channel}`);
      } catch (error) {
        lost(next, error);
        return;
      }
      if (closed) {
        await next.end().catch(() => undefined);
        return;
      }
      // Reconnected: whatever was notified while the connection was down is found now.
      if (attempt > 0) subscriber.next();
      attempt = 0;
    };

    const lost = (which: Client, error: unknown): void => {
      if (closed || client !== which) return;
      client = undefined;
      which.removeAllListeners();
      which.on('error', () => undefined);
      void which.end().catch(() => undefined);
      attempt += 1;
      const delay = Math.min(MAX_RECONNECT_MS, 100 * 2 ** attempt);
      logger.log('warn', 'store.listen_lost', { channel, error, retryInMs: delay });
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    };

    void connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      if (last !== undefined) {
        last.removeAllListeners();
        last.on('error', () => undefined);
        void last.end().catch(() => undefined);
      }
    };
  }).pipe(share());
}

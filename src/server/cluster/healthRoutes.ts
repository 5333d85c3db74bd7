import type { Route } from '../http/Route.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import type { NodeRole } from '../store/StoreRecords.ts';

/** What the health routes report on. */
export interface NodeHealth {
  nodeId: string;
  role: NodeRole;
  store: Store;
  /** Where a failed store check says why (the route itself answers anyone). */
  logger: Logger;
  /** False once the node drains (SIGTERM): load balancers stop sending it work. */
  ready(): boolean;
}

/** How long the store may take to answer a readiness check. */
const STORE_CHECK_MS = 2_000;

/**
 * `GET /healthz` (liveness: the process answers, 200 while it runs, draining or not) and
 * `GET /readyz` (readiness: 200 while it accepts work and its store answers within 2 s, 503
 * otherwise), without a token, for load balancers and orchestrators.
 */
export function healthRoutes(health: NodeHealth): Route[] {
  const about = { node: health.nodeId, role: health.role };
  return [
    {
      method: 'GET',
      pattern: '/healthz',
      auth: false,
      async handle() {
        return { status: 200, body: { status: 'ok', ...about } };
      },
    },
    {
      method: 'GET',
      pattern: '/readyz',
      auth: false,
      async handle() {
        if (!health.ready()) return { status: 503, body: { status: 'draining', ...about } };
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            health.store.getSetting('cluster.forwardKey'),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('store check timed out')), STORE_CHECK_MS);
            }),
          ]);
        } catch (error) {
          // The reason stays in the node's logs: this route answers anyone.
          health.logger.log('warn', 'readyz.store_unavailable', { error });
          return { status: 503, body: { status: 'store unavailable', ...about } };
        } finally {
          clearTimeout(timer);
        }
        return { status: 200, body: { status: 'ready', ...about } };
      },
    },
  ];
}

import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../src/server/cluster/healthRoutes.ts';
import type { RequestContext } from '../../../src/server/http/Route.ts';
import type { Logger } from '../../../src/server/Logger.ts';
import type { Store } from '../../../src/server/store/Store.ts';

const ctx = {} as RequestContext;

function routes(options: { ready: boolean; store: Partial<Store> }) {
  const logged: { event: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = { log: (_level, event, fields) => logged.push({ event, fields }) };
  const [healthz, readyz] = healthRoutes({
    nodeId: 'n1',
    role: 'all',
    store: options.store as Store,
    logger,
    ready: () => options.ready,
  });
  return { healthz: healthz!, readyz: readyz!, logged };
}

describe('health routes', () => {
  it('need no token, and say which node answers', () => {
    const { healthz, readyz } = routes({ ready: true, store: {} });
    expect([healthz.pattern, healthz.auth, readyz.pattern, readyz.auth]).toEqual([
      '/healthz',
      false,
      '/readyz',
      false,
    ]);
  });

  it('report ready while the node accepts work and its store answers', async () => {
    const { readyz } = routes({ ready: true, store: { getSetting: async () => 'key' } });
    expect(await readyz.handle(ctx)).toEqual({
      status: 200,
      body: { status: 'ready', node: 'n1', role: 'all' },
    });
  });

  it('report not ready (503) while draining, and still alive (200)', async () => {
    const { healthz, readyz } = routes({ ready: false, store: { getSetting: async () => 'key' } });
    expect((await readyz.handle(ctx)).status).toBe(503);
    expect((await readyz.handle(ctx)).body).toMatchObject({ status: 'draining' });
    expect((await healthz.handle(ctx)).status).toBe(200);
  });

  it('report not ready when the store fails or does not answer, without saying why to anyone', async () => {
    const failing = routes({
      ready: true,
      store: {
        getSetting: async () => Promise.reject(new Error('password authentication failed for user "x"')),
      },
    });
    const reply = await failing.readyz.handle(ctx);
    expect(reply).toEqual({ status: 503, body: { status: 'store unavailable', node: 'n1', role: 'all' } });
    // The operator reads the reason in the node's log.
    expect(failing.logged).toHaveLength(1);
    expect(String(failing.logged[0]!.fields!.error)).toContain('password authentication failed');
    const hanging = routes({
      ready: true,
      store: { getSetting: () => new Promise<undefined>(() => undefined) },
    });
    expect((await hanging.readyz.handle(ctx)).status).toBe(503);
  });
});

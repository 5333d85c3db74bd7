import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ParleyClient } from '../../src/client/createClient.ts';
import { createServer, type RunningServer } from '../../src/server/createServer.ts';
import { silentLogger } from '../../src/server/Logger.ts';

/** A real Parley server on 127.0.0.1:0 over a temp data dir, and a client configured for it. */
export interface E2eRig {
  server: RunningServer;
  client: ParleyClient;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts the server with its default job runner (the engine on worker threads) and a client that
 * reaches it with the app credentials the server created, through options only (no environment,
 * no conf files: `cwd` and `homeDir` point at the empty temp dir).
 */
export async function startE2eRig(): Promise<E2eRig> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  // Media URLs point at this machine's loopback, which an exposed server refuses by default.
  const server = await createServer({
    dataDir: join(dir, 'data'),
    env: {},
    logger: silentLogger,
    allowPrivateNetworks: true,
  });
  const app = server.createdApp;
  if (app === undefined) throw new Error('the server did not create app credentials');
  const client = createClient({
    baseUrl: server.url,
    appId: app.appId,
    appSecret: app.appSecret,
    env: {},
    cwd: dir,
    homeDir: dir,
    job: { intervalMs: 100, backoff: 1.2, maxIntervalMs: 500, deadlineMs: 120_000 },
  });
  return {
    server,
    client,
    dir,
    async stop() {
      await client.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

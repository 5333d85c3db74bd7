import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parleyServe } from '../server/support/parleyServe.ts';

/** A `parley serve` process on 127.0.0.1 with known app credentials, for clients that are not ours. */
export interface ParleyServeProcess {
  url: string;
  appId: string;
  appSecret: string;
  /** The server's JSON log lines so far (its stderr), parsed. */
  logs(): Array<Record<string, unknown>>;
  /** SIGTERM, wait for the exit, remove the data dir. */
  stop(): Promise<void>;
}

/**
 * Starts `bin/parley serve` over a temp data dir with a fresh app, as a user runs it, allowed to
 * call loopback (the sipp far ends of the tests), and resolves once it listens.
 */
export async function startParleyServe(): Promise<ParleyServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-serve-'));
  const appId = randomBytes(16).toString('hex');
  const appSecret = randomBytes(32).toString('hex');
  const serve = await parleyServe(dataDir, { PARLEY_APP_ID: appId, PARLEY_APP_SECRET: appSecret }, [
    '--host',
    '127.0.0.1',
    '--allow-private-networks',
  ]).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: serve.url,
    appId,
    appSecret,
    logs: () => serve.logLines(),
    async stop() {
      const { child } = serve;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await serve.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError } from '../errors/AuthenticationError.ts';
import { TokenResponse } from '../model/auth.ts';
import { parse } from '../model/parse.ts';
import type { Logger } from '../server/Logger.ts';

/** A Parley server running in this process, with a token to talk to it. */
export interface LocalServer {
  /** `http://127.0.0.1:port` */
  baseUrl: string;
  /** An access token of the server's one app. */
  token: string;
  /** Stops the server (finishing live sessions) and deletes its data unless `dataDir` was given. */
  close(): Promise<void>;
}

/** Options of {@link startLocalServer}. */
export interface LocalServerOptions {
  /** Keep conversations here (default: a temporary directory, deleted on close). */
  dataDir?: string;
  /** Server log (default: none). */
  logger?: Logger;
}

/**
 * Starts Parley's own server (REST and streaming) on 127.0.0.1 at a free port, with a fresh app
 * and a token for it: the offline engine for `parley live`, examples and tests when no server URL
 * is configured. The server code is loaded only when this is called.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const { createServer } = await import('../server/createServer.ts');
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-live-')));
  const appId = randomBytes(16).toString('hex');
  const appSecret = randomBytes(32).toString('hex');
  const server = await createServer({
    dataDir,
    env: { PARLEY_APP_ID: appId, PARLEY_APP_SECRET: appSecret },
    logger: options.logger ?? { log() {} },
    concurrency: 1,
    // Bound to loopback with credentials only this process holds: its caller is this machine's
    // user, so SIP calls, media URLs and webhooks may reach the local network (a PBX, a NAS).
    allowPrivateNetworks: true,
  });
  const close = async (): Promise<void> => {
    await server.close();
    if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const response = await fetch(`${server.url}/oauth2/token:generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'application', appId, appSecret }),
    });
    if (!response.ok) {
      throw new AuthenticationError(`The local server refused its own app (HTTP ${response.status})`);
    }
    const { accessToken } = parse(TokenResponse, await response.json(), 'token response');
    return { baseUrl: server.url, token: accessToken, close };
  } catch (error) {
    await close();
    throw error;
  }
}

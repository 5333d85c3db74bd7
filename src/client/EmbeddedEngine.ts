import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/ConfigError.ts';
import { parse } from '../model/parse.ts';
import type { RunningServer, ServerOptions } from '../server/createServer.ts';
import type { Logger } from '../server/Logger.ts';

/** Options of the engine a client starts when nothing is configured. */
export interface EmbeddedEngineOptions {
  /** Where conversations, jobs and the engine's credentials live (default {@link userDataDir}). */
  dataDir: string;
  /**
   * Idle time after which the engine shuts down (default 5 s): a script that forgets
   * `client.close()` still exits. The next request starts it again.
   */
  idleMs?: number;
  /** Server log (default: errors only, as JSON lines on stderr). */
  logger?: Logger;
  /** Called each time the engine has started, with its URL (the CLI says so on stderr). */
  onStart?: (info: { url: string; dataDir: string }) => void;
  /** Further server options (job concurrency, limits). */
  server?: Partial<Omit<ServerOptions, 'dataDir' | 'host' | 'port' | 'env' | 'logger'>>;
}

/** The running engine as a client uses it. */
export interface EmbeddedLease {
  url: string;
  appId: string;
  appSecret: string;
  release(): void;
}

const Credentials = z.object({ appId: z.string().min(1), appSecret: z.string().min(1) });
const CREDENTIALS_FILE = 'embedded-client.json';

/**
 * Parley's own server, started in-process on 127.0.0.1 (a free port) the first time a client with
 * nothing configured makes a request. Its app credentials are created once and kept (mode 0600)
 * in the data directory, so conversations of earlier runs stay readable. Each request holds a
 * lease; when none is held for `idleMs`, the server closes (its jobs are durable and resume on the
 * next start). `close()` shuts it down at once.
 */
export class EmbeddedEngine {
  readonly #options: EmbeddedEngineOptions;
  #running: Promise<RunningServer> | undefined;
  #leases = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #credentials: z.infer<typeof Credentials> | undefined;
  #closed = false;

  constructor(options: EmbeddedEngineOptions) {
    this.#options = options;
  }

  /** The data directory in use. */
  get dataDir(): string {
    return this.#options.dataDir;
  }

  /**
   * Keeps a running engine from shutting down for idleness until the returned function is
   * called (a job being watched holds one between its polls). Does not start the engine.
   */
  retain(): () => void {
    this.#leases++;
    clearTimeout(this.#idleTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#leases--;
      if (this.#leases === 0) this.#scheduleIdleClose();
    };
  }

  /** Starts the engine if needed and holds it until `release()`. */
  async acquire(): Promise<EmbeddedLease> {
    if (this.#closed) throw new ConfigError('This client was closed; create a new one.');
    const release = this.retain();
    try {
      const server = await this.#start();
      const { appId, appSecret } = this.#credentials!;
      return { url: server.url, appId, appSecret, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Stops the engine (if running) and refuses further use. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    await this.#stop();
  }

  #start(): Promise<RunningServer> {
    this.#running ??= (async () => {
      const { dataDir } = this.#options;
      this.#credentials ??= loadOrCreateCredentials(dataDir);
      const [{ createServer }, { jsonLogger }] = await Promise.all([
        import('../server/createServer.ts'),
        import('../server/Logger.ts'),
      ]);
      const server = await createServer({
        // Bound to loopback, its only caller is this process's user, who reaches the local network
        // anyway: media URLs, webhooks and SIP calls on it are theirs to make.
        allowPrivateNetworks: true,
        ...this.#options.server,
        dataDir,
        host: '127.0.0.1',
        port: 0,
        env: { PARLEY_APP_ID: this.#credentials.appId, PARLEY_APP_SECRET: this.#credentials.appSecret },
        logger: this.#options.logger ?? jsonLogger(process.stderr, 'error'),
      });
      this.#options.onStart?.({ url: server.url, dataDir });
      return server;
    })().catch((error: unknown) => {
      this.#running = undefined;
      throw error;
    });
    return this.#running;
  }

  #scheduleIdleClose(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#leases === 0) void this.#stop();
    }, this.#options.idleMs ?? 5_000);
  }

  async #stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    if (running === undefined) return;
    const server = await running.catch(() => undefined);
    await server?.close();
  }
}

/**
 * The engine's app credentials: read from the data directory, or created there. Creation links a
 * finished temp file into place, so two processes starting at once agree on one pair.
 */
function loadOrCreateCredentials(dataDir: string): z.infer<typeof Credentials> {
  const path = join(dataDir, CREDENTIALS_FILE);
  const existing = readCredentials(path);
  if (existing !== undefined) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fresh = { appId: randomBytes(32).toString('hex'), appSecret: randomBytes(64).toString('hex') };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${JSON.stringify(fresh)}\n`, { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return readCredentials(path) ?? fresh;
}

function readCredentials(path: string): z.infer<typeof Credentials> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parse(Credentials, JSON.parse(text), path);
  } catch (error) {
    throw new ConfigError(`${path} is damaged; delete it to let Parley create new credentials.`, {
      cause: error,
    });
  }
}

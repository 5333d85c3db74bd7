import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { ConfigError } from '../errors/ConfigError.ts';
import { createServer, type RunningServer, type ServerOptions } from './createServer.ts';
import { jsonLogger } from './Logger.ts';
import { redactUrl } from './store/openStore.ts';
import type { NodeRole } from './store/StoreRecords.ts';

const ROLES: readonly NodeRole[] = ['api', 'worker', 'all'];

/** Options of `parley serve`. */
export interface ServeCommandOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port); strings from the command line are accepted. */
  port?: number | string;
  /** Default `$PARLEY_DATA_DIR`, else `~/.parley`. */
  dataDir?: string;
  /** A `postgres://` URL shared by every node; default `$PARLEY_DATABASE_URL`, else SQLite in the data dir. */
  database?: string;
  /** Default `$PARLEY_MEDIA_DIR`, else `<data dir>/media`; with several nodes, one shared directory. */
  mediaDir?: string;
  /** `api`, `worker` or `all`; default `$PARLEY_ROLE`, else `all`. */
  role?: string;
  /** Default `$PARLEY_NODE_ID`, else `<hostname>-<random>`. */
  nodeId?: string;
  /** How other nodes reach this one; default `$PARLEY_ADVERTISE_URL`, else the listening address. */
  advertiseUrl?: string;
  /**
   * Seconds to keep serving with `/readyz` at 503 after SIGTERM, before refusing connections;
   * default `$PARLEY_DRAIN_DELAY`, else 0. Strings from the command line are accepted.
   */
  drainDelay?: number | string;
  /**
   * Default process.env (PARLEY_APP_ID / PARLEY_APP_SECRET / PARLEY_DATA_DIR / PARLEY_DATABASE_URL
   * / PARLEY_MEDIA_DIR / PARLEY_ROLE / PARLEY_NODE_ID / PARLEY_ADVERTISE_URL / PARLEY_DRAIN_DELAY).
   */
  env?: NodeJS.ProcessEnv;
  /** Human-facing output (URL, created credentials). Default process.stdout. */
  stdout?: Writable;
  /** Structured JSON log lines. Default process.stderr. */
  stderr?: Writable;
  /** Close gracefully on SIGTERM / SIGINT (default true). */
  handleSignals?: boolean;
  /** Further server options (job runner, limits, leases). */
  server?: Partial<
    Omit<
      ServerOptions,
      | 'dataDir'
      | 'host'
      | 'port'
      | 'env'
      | 'logger'
      | 'database'
      | 'mediaDir'
      | 'role'
      | 'nodeId'
      | 'advertiseUrl'
      | 'drainDelayMs'
    >
  >;
}

/** A server started by `parley serve`; `closed` settles once it has shut down. */
export interface ServeCommandResult extends RunningServer {
  closed: Promise<void>;
}

/**
 * `parley serve --host <h> --port <p> --data-dir <dir> [--database <postgres-url>] [--media-dir
 * <dir>] [--role api|worker|all] [--node-id <id>] [--advertise-url <url>]`: starts the server (one
 * node of a deployment when several share a PostgreSQL database), prints its URL and, when it had
 * to create app credentials, prints them once. On SIGTERM or SIGINT it drains (see
 * `RunningServer.close`: readiness fails for the drain delay, then jobs reach a safe point or are
 * handed back to other nodes), resolves `closed`, and the process exits with code 0 (1 when the
 * drain overran its deadline by 5 s).
 */
export async function serveCommand(options: ServeCommandOptions = {}): Promise<ServeCommandResult> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const port = parsePort(options.port ?? 0);
  const dataDir = resolve(options.dataDir ?? env.PARLEY_DATA_DIR ?? join(homedir(), '.parley'));
  const database = nonEmpty(options.database ?? env.PARLEY_DATABASE_URL);
  const mediaDir = nonEmpty(options.mediaDir ?? env.PARLEY_MEDIA_DIR);
  const role = parseRole(options.role ?? env.PARLEY_ROLE ?? 'all');
  const nodeId = nonEmpty(options.nodeId ?? env.PARLEY_NODE_ID);
  const advertiseUrl = nonEmpty(options.advertiseUrl ?? env.PARLEY_ADVERTISE_URL);
  const drainDelayMs = parseDrainDelay(options.drainDelay ?? nonEmpty(env.PARLEY_DRAIN_DELAY) ?? 0) * 1000;
  if (nodeId !== undefined && !/^[A-Za-z0-9._:-]{1,64}$/.test(nodeId)) {
    throw new ConfigError(`--node-id must be 1-64 of [A-Za-z0-9._:-], got "${nodeId}".`);
  }
  if (advertiseUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(advertiseUrl)) {
    throw new ConfigError(
      `--advertise-url must be an http(s) origin like http://10.0.0.5:8080, got "${advertiseUrl}".`,
    );
  }
  const server = await createServer({
    ...options.server,
    dataDir,
    host: options.host ?? '127.0.0.1',
    port,
    env,
    logger: jsonLogger(options.stderr ?? process.stderr),
    role,
    drainDelayMs,
    ...(database === undefined ? {} : { database }),
    ...(mediaDir === undefined ? {} : { mediaDir: resolve(mediaDir) }),
    ...(nodeId === undefined ? {} : { nodeId }),
    ...(advertiseUrl === undefined ? {} : { advertiseUrl: advertiseUrl.replace(/\/$/, '') }),
  });
  const where = database === undefined ? `data in ${dataDir}` : `PostgreSQL at ${redactUrl(database)}`;
  stdout.write(`Parley server listening on ${server.url} (node ${server.nodeId}, role ${role}, ${where})\n`);
  if (server.createdApp !== undefined) {
    stdout.write(
      'Created app credentials (shown only now; keep them, or set PARLEY_APP_ID / PARLEY_APP_SECRET):\n' +
        `  appId:     ${server.createdApp.appId}\n` +
        `  appSecret: ${server.createdApp.appSecret}\n`,
    );
  }
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolvePromise) => {
    resolveClosed = resolvePromise;
  });
  const close = async () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await server.close();
    resolveClosed();
  };
  const onSignal = () => {
    // Past the drain's own deadline (after the drain delay) something is stuck: end the process
    // rather than hang.
    const deadline = drainDelayMs + (options.server?.shutdownTimeoutMs ?? 10_000) + 5_000;
    setTimeout(() => process.exit(1), deadline).unref();
    // Once closed, the process ends even if something the server cannot see holds the event loop.
    void close().finally(() => setTimeout(() => process.exit(process.exitCode ?? 0), 1_000).unref());
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { ...server, close, closed };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parseRole(role: string): NodeRole {
  const value = role.trim() as NodeRole;
  if (!ROLES.includes(value)) throw new ConfigError(`--role must be one of api, worker, all; got "${role}".`);
  return value;
}

/** Longest drain delay: a load balancer polling every few seconds sees a node go within it. */
const MAX_DRAIN_DELAY_SECONDS = 300;

function parseDrainDelay(delay: number | string): number {
  const value = typeof delay === 'number' ? delay : Number(delay.trim());
  if (
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_DRAIN_DELAY_SECONDS ||
    String(delay).trim() === ''
  ) {
    throw new ConfigError(
      `--drain-delay must be a number of seconds from 0 to ${MAX_DRAIN_DELAY_SECONDS}, got "${delay}".`,
    );
  }
  return value;
}

function parsePort(port: number | string): number {
  const value = typeof port === 'number' ? port : Number(port.trim());
  if (
    !Number.isInteger(value) ||
    value < 0 ||
    value > 65535 ||
    (typeof port === 'string' && port.trim() === '')
  ) {
    throw new ConfigError(`--port must be an integer from 0 to 65535, got "${port}".`);
  }
  return value;
}

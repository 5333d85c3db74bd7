import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { ConfigError } from '../errors/ConfigError.ts';
import { createServer, type RunningServer, type ServerOptions } from './createServer.ts';
import { jsonLogger } from './Logger.ts';

/** Options of `parley serve`. */
export interface ServeCommandOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port); strings from the command line are accepted. */
  port?: number | string;
  /** Default `$PARLEY_DATA_DIR`, else `~/.parley`. */
  dataDir?: string;
  /** Default process.env (PARLEY_APP_ID / PARLEY_APP_SECRET / PARLEY_DATA_DIR). */
  env?: NodeJS.ProcessEnv;
  /** Human-facing output (URL, created credentials). Default process.stdout. */
  stdout?: Writable;
  /** Structured JSON log lines. Default process.stderr. */
  stderr?: Writable;
  /** Close gracefully on SIGTERM / SIGINT (default true). */
  handleSignals?: boolean;
  /** Further server options (job runner, limits, leases). */
  server?: Partial<Omit<ServerOptions, 'dataDir' | 'host' | 'port' | 'env' | 'logger'>>;
}

/** A server started by `parley serve`; `closed` settles once it has shut down. */
export interface ServeCommandResult extends RunningServer {
  closed: Promise<void>;
}

/**
 * `parley serve --host <h> --port <p> --data-dir <dir>`: starts the server, prints its URL and,
 * when it had to create app credentials, prints them once. On SIGTERM or SIGINT it drains (see
 * `RunningServer.close`), resolves `closed`, and the process exits with code 0 (1 when the drain
 * overran its deadline by 5 s).
 */
export async function serveCommand(options: ServeCommandOptions = {}): Promise<ServeCommandResult> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const port = parsePort(options.port ?? 0);
  const dataDir = resolve(options.dataDir ?? env.PARLEY_DATA_DIR ?? join(homedir(), '.parley'));
  const server = await createServer({
    ...options.server,
    dataDir,
    host: options.host ?? '127.0.0.1',
    port,
    env,
    logger: jsonLogger(options.stderr ?? process.stderr),
  });
  stdout.write(`Parley server listening on ${server.url} (data in ${dataDir})\n`);
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
    // Past the drain's own deadline something is stuck: end the process rather than hang.
    const deadline = (options.server?.shutdownTimeoutMs ?? 10_000) + 5_000;
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

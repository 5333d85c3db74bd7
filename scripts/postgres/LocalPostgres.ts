import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { chown, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL server started from Debian's package in a directory of its own. */
export interface LocalPostgres {
  /** The directory holding the cluster (`data/`), its socket and its log (`postgres.log`). */
  dir: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication, loopback only). */
  url(database?: string): string;
  /** Stops the server (fast shutdown); with `remove`, deletes the directory too. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

/** Options of {@link startLocalPostgres}. */
export interface LocalPostgresOptions {
  /** Where the cluster lives; initialised on first use, reused afterwards. */
  dir: string;
  /** Default: a free loopback port. */
  port?: number;
  /**
   * Skip fsync and synchronous commit: for throwaway clusters (tests), where a crash of the
   * machine may lose the data. Default false.
   */
  throwaway?: boolean;
  /** Default 200: several nodes, each with a pool, and the tests' own connections. */
  maxConnections?: number;
}

/**
 * Initialises (when `dir` holds no cluster yet) and starts PostgreSQL on 127.0.0.1 with trust
 * authentication for the `postgres` user. The binaries come from `PARLEY_PG_BIN`, else the newest
 * `/usr/lib/postgresql/<version>/bin` (where Debian's `postgresql` package puts them). initdb
 * refuses to run as root, so as root the cluster is owned by, and run as, the `postgres` system
 * user the package creates.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  const dir = resolve(options.dir);
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    await chown(dir, ...(await postgresUser()));
    // Every directory above must be traversable by that user (a home directory often is not).
    await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).catch(() => {
      throw new Error(
        `The postgres system user cannot write to ${dir} (a parent directory is closed to it): choose a directory under /tmp, /srv or /var/lib.`,
      );
    });
  }
  const exec = (command: string, args: string[]) => runAsOwner(bin, asRoot, command, args);
  if (!existsSync(join(data, 'PG_VERSION'))) {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      ...(options.throwaway === true ? ['--no-sync'] : []),
    ]);
  }
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    `-c max_connections=${options.maxConnections ?? 200}`,
    ...(options.throwaway === true
      ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
      : []),
  ];
  await exec('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'postgres.log'),
    '-w',
    '-t',
    '60',
    '-o',
    settings.join(' '),
    'start',
  ]);
  let stopped = false;
  return {
    dir,
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop(stopOptions = {}) {
      if (!stopped) {
        stopped = true;
        await stopLocalPostgres(dir);
      }
      if (stopOptions.remove === true) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the server {@link startLocalPostgres} started in `dir` (fast shutdown), from any process:
 * the server runs on its own, not as a child of the one that started it. Nothing when none runs.
 */
export async function stopLocalPostgres(dir: string): Promise<void> {
  const data = join(resolve(dir), 'data');
  if (!existsSync(join(data, 'postmaster.pid'))) return;
  await runAsOwner(postgresBinDir(), process.getuid?.() === 0, 'pg_ctl', [
    '-D',
    data,
    '-m',
    'fast',
    '-w',
    'stop',
  ]).catch(() => undefined);
}

/** Runs a PostgreSQL binary, as the `postgres` system user when this process is root. */
function runAsOwner(bin: string, asRoot: boolean, command: string, args: string[]) {
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
    : run(join(bin, command), args);
}

/** The directory of initdb and pg_ctl; throws saying what to install when there is none. */
export function postgresBinDir(): string {
  const configured = process.env.PARLEY_PG_BIN;
  if (configured !== undefined && configured !== '') return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian\'s "postgresql" package (scripts/setup.sh does), or set PARLEY_PG_BIN to the directory holding initdb and pg_ctl.',
    );
  }
  return join(root, newest, 'bin');
}

async function postgresUser(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error('No "postgres" system user: install Debian\'s "postgresql" package, which creates it.');
  });
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

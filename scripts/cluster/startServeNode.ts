import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** One `parley serve` process started by {@link startServeNode}. */
export interface ServeNode {
  nodeId: string;
  url: string;
  pid: number;
  /** What `serve` printed on stdout so far (the URL line, and created credentials if any). */
  banner(): string;
  /** SIGTERM (the node drains and hands its jobs back), then waits for the exit; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startServeNode}: the `parley serve` flags, and where its JSON log goes. */
export interface ServeNodeOptions {
  nodeId: string;
  dataDir: string;
  /** Default 0: any free port. */
  port?: number;
  database?: string;
  mediaDir?: string;
  role?: 'api' | 'worker' | 'all';
  /** Added to this process's environment (PARLEY_APP_ID / PARLEY_APP_SECRET and the like). */
  env?: Record<string, string>;
  /** The node's structured log (its stderr), appended. */
  logFile: string;
}

const parley = join(import.meta.dirname, '..', '..', 'bin', 'parley');

/**
 * Starts `bin/parley serve` with the given flags in a process of its own and resolves once it
 * listens; rejects with the end of its log when it exits first.
 */
export async function startServeNode(options: ServeNodeOptions): Promise<ServeNode> {
  const args = ['serve', '--node-id', options.nodeId, '--data-dir', options.dataDir];
  args.push('--port', String(options.port ?? 0));
  if (options.database !== undefined) args.push('--database', options.database);
  if (options.mediaDir !== undefined) args.push('--media-dir', options.mediaDir);
  if (options.role !== undefined) args.push('--role', options.role);
  const child = spawn(process.execPath, [parley, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-2_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => log.end());
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`node ${options.nodeId} exited before listening:\n${tail}`)));
  });
  // The created credentials, when there are any, follow the URL line.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    nodeId: options.nodeId,
    url,
    pid: child.pid!,
    banner: () => stdout,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A server started in a Node process of its own (serveChild.ts, serveNodeChild.ts beside this file). */
export interface ChildServer {
  process: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Children not yet exited; {@link killChildServers} ends them (afterAll). */
const started = new Set<ChildProcess>();

/**
 * Starts `<script>` (beside this file) under tsx with `env` added to this process's environment, and resolves
 * once it prints the URL it listens on (and the lines that follow it, credentials included).
 */
export async function startChildServer(script: string, env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script)], {
    env: { ...process.env, PARLEY_APP_ID: '', PARLEY_APP_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      started.delete(child);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  // Wait for the rest of the banner (credentials come right after the URL line).
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    process: child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
  };
}

/** SIGKILLs every child server still running. */
export function killChildServers(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Resolves once `condition` holds, polling; throws naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'parley');

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
 * Starts `bin/parley serve --port 0` over a temp data dir, exactly as a user runs it, and resolves
 * with its URL once it prints that it listens. Rejects (and kills it) when it exits first or
 * takes longer than `timeoutMs`.
 */
export async function startParleyServe(timeoutMs = 60_000): Promise<ParleyServeProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-serve-'));
  const appId = randomBytes(16).toString('hex');
  const appSecret = randomBytes(32).toString('hex');
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--allow-private-networks'],
    {
      env: { ...process.env, PARLEY_APP_ID: appId, PARLEY_APP_SECRET: appSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    let started = false;
    const timer = setTimeout(
      () => fail(new Error(`parley serve did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      if (started) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      reject(error);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null && !started) {
        started = true;
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => fail(new Error(`parley serve exited with ${code}: ${stderr.slice(-2000)}`)));
  });
  return {
    url,
    appId,
    appSecret,
    logs: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

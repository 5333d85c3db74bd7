import { type ChildProcess, spawn } from 'node:child_process';
import { PARLEY_EXECUTABLE, PARLEY_PREFIX } from '../../cli/fixtures/parleyCommand.ts';

/** A `parley serve` child process on a data dir, as an operator runs it. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Its stderr so far: one JSON log line each. */
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
}

/** Starts `parley serve --port 0 --data-dir <dataDir> ...args` and resolves once it listens. */
export async function parleyServe(
  dataDir: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<ServeProcess> {
  // From the sources, as the CLI tests run it: a checkout need not have built dist/.
  const child = spawn(
    PARLEY_EXECUTABLE,
    [...PARLEY_PREFIX, 'serve', '--port', '0', '--data-dir', dataDir, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) =>
      reject(new Error(`parley serve exited (${code}) before listening:\n${stderr}`)),
    );
  });
  return {
    child,
    url,
    exited,
    logLines: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

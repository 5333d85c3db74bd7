import type { Readable, Writable } from 'node:stream';

/** Where a command reads its environment and input and writes its output: the process's, or a test's. */
export interface CommandIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** This process's streams, environment and working directory. */
export function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A line for the person at the terminal, on stderr: `parley: <text>`. */
export function say(io: Pick<CommandIo, 'stderr'>, text: string): void {
  io.stderr.write(`parley: ${text}\n`);
}

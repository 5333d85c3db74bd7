import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A shell in a real terminal: a tmux pane of a private tmux server, driven as a person would
 * (typing with send-keys) and read as a person sees it (capture-pane). Only this pane's server is
 * ever killed.
 */
export class TmuxPane {
  readonly #socket: string;
  /** The shell's process, which outlives `kill-server` for a moment (bash writes its history file then). */
  #shellPid: number | undefined;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts bash (no profile) in a `columns` × `rows` pane with exactly `env` (TERM is tmux's own). */
  static async start(columns: number, rows: number, env: Record<string, string>): Promise<TmuxPane> {
    const pane = new TmuxPane(`parley-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    const exported = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    await pane.#tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'test',
      '-x',
      String(columns),
      '-y',
      String(rows),
      'env',
      '-i',
      ...exported,
      'TERM=screen',
      'PS1=$ ',
      'bash',
      '--norc',
      '--noprofile',
    ]);
    const { stdout } = await pane.#tmux(['display-message', '-p', '-t', 'test', '#{pane_pid}']);
    pane.#shellPid = Number(stdout.trim());
    return pane;
  }

  /** Types `text` and presses Enter. */
  async type(text: string): Promise<void> {
    await this.#tmux(['send-keys', '-t', 'test', '-l', text]);
    await this.#tmux(['send-keys', '-t', 'test', 'Enter']);
  }

  /** Presses a key such as `C-c`. */
  async press(key: string): Promise<void> {
    await this.#tmux(['send-keys', '-t', 'test', key]);
  }

  /** The screen (lines the terminal wrapped joined again), optionally with the scrollback above it and the colour codes. */
  async capture(options: { history?: boolean; escapes?: boolean } = {}): Promise<string> {
    const args = ['capture-pane', '-p', '-J', '-t', 'test'];
    if (options.history) args.push('-S', '-');
    if (options.escapes) args.push('-e');
    return (await this.#tmux(args)).stdout;
  }

  /** Captures until `done` says so (each capture is kept in `seen`), or throws after `timeoutMs`. */
  async waitFor(
    done: (screen: string) => boolean,
    timeoutMs: number,
    seen: string[] = [],
    options: { history?: boolean; escapes?: boolean } = {},
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.capture(options);
      seen.push(screen);
      if (done(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`the terminal never showed what was awaited; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * Ends the pane and resolves once its shell has exited. `kill-server` returns before bash has
   * written ~/.bash_history on its hang-up, and a test that removes HOME right after would race
   * that write (CI saw ENOTEMPTY there twice); after 5 s the shell is killed outright.
   */
  async kill(): Promise<void> {
    await this.#tmux(['kill-server']).catch(() => undefined);
    const pid = this.#shellPid;
    if (pid === undefined) return;
    for (const deadline = Date.now() + 5_000; isRunning(pid); ) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  #tmux(args: string[]) {
    return run('tmux', ['-L', this.#socket, ...args]);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

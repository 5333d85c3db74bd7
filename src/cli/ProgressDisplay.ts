import type { Writable } from 'node:stream';
import { asyncScheduler, interval, type SchedulerLike, type Subscription } from 'rxjs';
import { duration, type FileProgress, plainProgressLine, progressLine } from './progressLine.ts';

/** The streams a display writes to: progress on stderr, results on stdout. */
export interface DisplayStreams {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  streams: DisplayStreams;
  /** Redraw lines in place (stderr is a terminal) rather than print plain lines. */
  live: boolean;
  /** ANSI colours (a terminal, and `NO_COLOR` unset). */
  color: boolean;
  /** Print results and failures only. */
  quiet: boolean;
  /** Clock and ticker (tests pass a virtual one). */
  scheduler?: SchedulerLike;
}

/** Files being worked on are drawn; waiting and finished ones are not. */
const ACTIVE: ReadonlySet<FileProgress['phase']> = new Set(['uploading', 'queued', 'processing', 'fetching']);

const CLEAR_BELOW = '\x1b[J';
const upLines = (n: number) => `\x1b[${n}F`;

/**
 * The progress of a `parley transcribe` run on stderr. On a terminal (`live`), one line per file
 * being worked on is redrawn in place: at every change and each second, so time spent and time
 * left move even while the server has nothing new to say; a finished or failed file leaves one
 * line above the block, and with several inputs a last line counts them. Otherwise each change of
 * stage (and each tenth of the way) is a plain line, fit for logs. Results written through
 * {@link result} never tear the drawing when stdout is the same terminal.
 */
export class ProgressDisplay {
  readonly #streams: DisplayStreams;
  readonly #live: boolean;
  readonly #color: boolean;
  readonly #quiet: boolean;
  readonly #scheduler: SchedulerLike;
  readonly #files: FileProgress[] = [];
  /** Per file, what its last plain line said (stage and tenth), so a line is printed only on change. */
  readonly #plainKeys = new Map<FileProgress, string>();
  #drawn = 0;
  #ticker: Subscription | undefined;
  #closed = false;

  constructor(options: ProgressDisplayOptions) {
    this.#streams = options.streams;
    this.#live = options.live && !options.quiet;
    this.#color = options.color;
    this.#quiet = options.quiet;
    this.#scheduler = options.scheduler ?? asyncScheduler;
  }

  /** Adds a file, waiting. */
  add(label: string): FileProgress {
    const file: FileProgress = { label, phase: 'waiting' };
    this.#files.push(file);
    return file;
  }

  /** Records what changed for `file` and shows it. */
  update(file: FileProgress, changes: Partial<FileProgress>): void {
    const now = this.#scheduler.now();
    if (changes.phase === 'uploading' && file.startedAt === undefined) file.startedAt = now;
    if (changes.phase === 'processing' && file.processingSince === undefined) file.processingSince = now;
    Object.assign(file, changes);
    if (this.#live) {
      this.#startTicking();
      this.#redraw();
      return;
    }
    if (this.#quiet) return;
    const tenth = file.percent === undefined ? '' : String(Math.floor(file.percent / 10));
    const key = `${file.phase}/${file.stage ?? ''}/${file.phase === 'processing' ? tenth : ''}`;
    if (this.#plainKeys.get(file) === key) return;
    this.#plainKeys.set(file, key);
    this.#streams.stderr.write(`parley: ${plainProgressLine(file, now)}\n`);
  }

  /** Marks `file` done: which conversation it became, and the files written (none: stdout). */
  done(
    file: FileProgress,
    outcome: { conversationId?: string | undefined; written: readonly string[] },
  ): void {
    const took =
      file.startedAt === undefined ? '' : ` in ${duration((this.#scheduler.now() - file.startedAt) / 1000)}`;
    file.phase = 'done';
    if (this.#quiet) return;
    const id = outcome.conversationId === undefined ? '' : ` (conversation ${outcome.conversationId})`;
    const to = outcome.written.length === 0 ? '' : ` → ${outcome.written.join(', ')}`;
    this.#permanent(`${this.#paint(`${file.label}: done${took}`, '32')}${id}${to}`);
  }

  /** Marks `file` failed, with a one-line reason; shown even when quiet. */
  fail(file: FileProgress, reason: string): void {
    file.phase = 'failed';
    this.#permanent(`${this.#paint(`${file.label}: failed:`, '31')} ${reason}`);
  }

  /** A line of its own on stderr (`parley: ...`), unless quiet. */
  note(text: string): void {
    if (!this.#quiet) this.#permanent(text);
  }

  /** Writes results on stdout. */
  result(text: string): void {
    const shared = this.#live && this.#streams.stdout.isTTY === true;
    if (shared) this.#clear();
    this.#streams.stdout.write(text);
    if (shared) this.#draw();
  }

  /** Stops drawing and removes the block (finished files keep their lines); notes still print. */
  close(): void {
    this.#closed = true;
    this.#ticker?.unsubscribe();
    this.#ticker = undefined;
    if (this.#live) this.#clear();
  }

  #permanent(text: string): void {
    if (this.#live) this.#clear();
    this.#streams.stderr.write(`parley: ${text}\n`);
    if (this.#live) this.#draw();
  }

  #startTicking(): void {
    this.#ticker ??= interval(1_000, this.#scheduler).subscribe(() => this.#redraw());
  }

  #redraw(): void {
    this.#clear();
    this.#draw();
  }

  #clear(): void {
    if (this.#drawn === 0) return;
    this.#streams.stderr.write(`${upLines(this.#drawn)}${CLEAR_BELOW}`);
    this.#drawn = 0;
  }

  #draw(): void {
    if (this.#closed) return;
    const active = this.#files.filter((f) => ACTIVE.has(f.phase));
    const width = Math.max(20, (this.#streams.stderr.columns ?? 80) - 1);
    const labelWidth = Math.min(32, Math.max(...this.#files.map((f) => f.label.length), 4));
    const now = this.#scheduler.now();
    const lines = active.map((f) => progressLine(f, now, { color: this.#color, width, labelWidth }));
    if (this.#files.length > 1) lines.push(this.#tally(width));
    if (lines.length === 0) return;
    this.#streams.stderr.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }

  /** `3 of 8 done, 1 failed, 2 waiting`, cut to `width`. */
  #tally(width: number): string {
    const count = (phase: FileProgress['phase']) => this.#files.filter((f) => f.phase === phase).length;
    const parts = [`${count('done')} of ${this.#files.length} done`];
    if (count('failed') > 0) parts.push(`${count('failed')} failed`);
    if (count('waiting') > 0) parts.push(`${count('waiting')} waiting`);
    return this.#paint(parts.join(', ').slice(0, width), '2');
  }

  #paint(text: string, sgr: string): string {
    return this.#color ? `\x1b[${sgr}m${text}\x1b[0m` : text;
  }
}

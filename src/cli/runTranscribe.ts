import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import {
  catchError,
  concat,
  defer,
  EMPTY,
  from,
  fromEvent,
  ignoreElements,
  mergeMap,
  type Observable,
  take,
  takeUntil,
  tap,
} from 'rxjs';
import type { MediaParameters } from '../async/MediaApi.ts';
import type { ParleyClient } from '../client/createClient.ts';
import type { JobStatus } from '../model/job.ts';
import { LANGUAGE_CODES } from '../model/languageCodes.ts';
import type { CommandIo } from './CommandIo.ts';
import { EXIT_CODES } from './exitCodes.ts';
import { expandInputs, type TranscribeInput } from './expandInputs.ts';
import { failureReason } from './failureReason.ts';
import { openClient } from './openClient.ts';
import { type OutputFormat, type OutputTarget, outputFormats, outputTargets } from './outputTargets.ts';
import { ProgressDisplay } from './ProgressDisplay.ts';
import type { FileProgress } from './progressLine.ts';
import { type JsonLayout, renderConversation } from './renderConversation.ts';
import { PAGE_SERVING_IDLE_MS, showConversationPage } from './showConversationPage.ts';
import { concurrencyOf, type TranscribeFlags, transcribeParameters } from './transcribeParameters.ts';
import { UsageError } from './UsageError.ts';

/** Where `parley transcribe` reads and writes, and what asks it to stop (default: SIGINT). */
export interface TranscribeIo extends CommandIo {
  interrupt$?: Observable<unknown>;
}

const VIDEO_NAME = /\.(mp4|m4v|mov)$/i;

/** The languages the engine's installed model recognises: English (pocketsphinx `en-us`). */
const ENGINE_LANGUAGES = LANGUAGE_CODES.filter((code) => code.startsWith('en-'));

/**
 * How often a job is polled: soon after submission, then every two seconds at most, so the
 * percent moves (the display redraws time every second in between).
 */
const WATCH = { job: { intervalMs: 500, backoff: 1.5, maxIntervalMs: 2_000 } };

function progressOf(status: JobStatus): Partial<FileProgress> {
  if (status.status === 'scheduled') return { phase: 'queued' };
  if (status.status !== 'in_progress') return {};
  const p = status.progress;
  return {
    phase: 'processing',
    ...(p === undefined
      ? {}
      : {
          stage: p.stage,
          percent: p.percent,
          ...(p.audioSeconds === undefined ? {} : { audioSeconds: p.audioSeconds }),
          ...(p.recognizedSeconds === undefined ? {} : { recognizedSeconds: p.recognizedSeconds }),
        }),
  };
}

/** Writes through a temporary file and a rename, so a reader never sees half a transcript. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const part = `${path}.${process.pid}.part`;
  try {
    await writeFile(part, text);
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

function checkLanguage(client: ParleyClient, parameters: MediaParameters): void {
  const code = parameters.languageCode;
  if (client.target !== 'embedded' || code === undefined || ENGINE_LANGUAGES.includes(code as never)) return;
  throw new UsageError(
    '--language',
    `the engine on this machine recognises English only (${ENGINE_LANGUAGES.join(', ')}), not ${code}; ` +
      'to use another language, point PARLEY_BASE_URL (or SYMBL_APP_ID) at a service that recognises it',
  );
}

/**
 * `parley transcribe`: every input (files, patterns, URLs) through the client, at most
 * `--concurrency` at once, each one's progress on stderr and its results in each asked format,
 * to stdout (in input order, whatever order they finish in) or to files. A failed input is
 * named with its reason and the others carry on. Resolves to the exit code.
 * @throws UsageError before any work starts, for a bad option
 */
export async function runTranscribe(
  args: readonly string[],
  flags: TranscribeFlags,
  io: TranscribeIo,
): Promise<number> {
  const formats = outputFormats(flags.format, flags.json);
  const parameters = await transcribeParameters(flags, io.cwd);
  const concurrency = concurrencyOf(flags);
  const { inputs, problems } = await expandInputs(args, io.cwd);
  const targets = outputTargets(inputs, formats, flags.output, io.cwd);
  const terminal = io.stderr.isTTY === true && io.env.TERM !== 'dumb';
  const display = new ProgressDisplay({
    streams: io,
    live: terminal,
    color: terminal && (io.env.NO_COLOR ?? '') === '',
    quiet: flags.quiet === true,
  });
  for (const problem of problems) display.fail(display.add(problem.label), problem.reason);
  if (inputs.length === 0) {
    display.close();
    return EXIT_CODES.failed;
  }
  const client = openClient(
    io.env,
    (text) => display.note(text),
    flags.open ? { idleMs: PAGE_SERVING_IDLE_MS } : {},
  );
  const batch = new TranscribeBatch({ inputs, targets, formats, parameters, display, client, cwd: io.cwd });
  let interrupted: boolean;
  try {
    checkLanguage(client, parameters);
    interrupted = await batch.run(concurrency, io.interrupt$ ?? fromEvent(process, 'SIGINT'));
    if (flags.open && !interrupted) await showPages(client, batch.transcribed(), display);
  } finally {
    display.close();
    await client.close();
  }
  if (interrupted) {
    batch.reportUnfinished();
    return EXIT_CODES.interrupted;
  }
  const failed = [...problems.map((p) => p.label), ...batch.failed()];
  if (inputs.length + problems.length > 1) {
    display.note(
      `${inputs.length - batch.failed().length} of ${inputs.length + problems.length} transcribed` +
        (failed.length === 0 ? '' : `; failed: ${failed.join(', ')}`),
    );
  }
  return failed.length === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}

/** What a batch works on, all decided before it starts. */
interface BatchPlan {
  inputs: readonly TranscribeInput[];
  /** Per input, where each format goes. */
  targets: readonly (readonly OutputTarget[])[];
  formats: readonly OutputFormat[];
  parameters: MediaParameters;
  display: ProgressDisplay;
  client: ParleyClient;
  cwd: string;
}

/**
 * The inputs of one `parley transcribe` run, each submitted, watched, rendered and written in
 * turn (a bounded number at once), with what each printed on stdout released in input order.
 */
class TranscribeBatch {
  readonly #plan: BatchPlan;
  readonly #files: FileProgress[];
  /** Each input's conversation, once submitted. */
  readonly #conversations: Array<string | undefined> = [];
  /** What each input prints on stdout: undefined until known, null for nothing. */
  readonly #printed: Array<string | null | undefined> = [];
  #nextToPrint = 0;

  constructor(plan: BatchPlan) {
    this.#plan = plan;
    this.#files = plan.inputs.map((input) => plan.display.add(input.label));
  }

  /** Transcribes every input, `concurrency` at once; resolves true when `interrupt$` stopped it first. */
  run(concurrency: number, interrupt$: Observable<unknown>): Promise<boolean> {
    let interrupted = false;
    const stop = interrupt$.pipe(
      take(1),
      tap(() => {
        interrupted = true;
      }),
    );
    return new Promise((resolve) => {
      from(this.#plan.inputs.keys())
        .pipe(
          mergeMap((index) => this.#transcribe(index), concurrency),
          takeUntil(stop),
        )
        .subscribe({ complete: () => resolve(interrupted) });
    });
  }

  /** The conversations of the inputs that were transcribed, in input order. */
  transcribed(): string[] {
    return this.#files.flatMap((f, index) => {
      const id = this.#conversations[index];
      return f.phase === 'done' && id !== undefined ? [id] : [];
    });
  }

  /** The labels of the inputs that failed. */
  failed(): string[] {
    return this.#files.filter((f) => f.phase === 'failed').map((f) => f.label);
  }

  /** Names each input an interruption left unfinished, with its conversation when it had one. */
  reportUnfinished(): void {
    this.#files.forEach((file, index) => {
      if (file.phase === 'done' || file.phase === 'failed') return;
      const id = this.#conversations[index];
      this.#plan.display.note(
        id === undefined
          ? `${file.label}: not transcribed (interrupted)`
          : `${file.label}: interrupted; it was submitted as conversation ${id} (parley conversations show ${id})`,
      );
    });
  }

  #transcribe(index: number): Observable<never> {
    return defer(() => {
      const { client, parameters, display } = this.#plan;
      const input = this.#plan.inputs[index]!;
      const file = this.#files[index]!;
      const media = VIDEO_NAME.test(input.source.replace(/[?#].*$/, '')) ? client.video : client.audio;
      const named = { ...parameters, name: nameOf(input) };
      const job = input.url
        ? media.processUrl(input.source, named, WATCH)
        : media.processFile(input.source, named, WATCH);
      display.update(file, { phase: 'uploading' });
      return concat(
        job.submitted.pipe(
          tap((s) => {
            this.#conversations[index] = s.conversationId;
            display.update(file, { phase: 'queued' });
          }),
          ignoreElements(),
        ),
        job.updates.pipe(
          tap((status) => display.update(file, progressOf(status))),
          ignoreElements(),
        ),
        defer(() => {
          display.update(file, { phase: 'fetching', stage: undefined, percent: undefined });
          return renderConversation(job.conversation, this.#plan.formats, this.#jsonLayout(index));
        }).pipe(
          mergeMap((rendered) => this.#deliver(index, rendered)),
          ignoreElements(),
        ),
      ).pipe(
        catchError((error: unknown) => {
          display.fail(file, failureReason(error));
          this.#settle(index, null);
          return EMPTY;
        }),
      );
    });
  }

  /** JSON for stdout is one object a line when several inputs share it. */
  #jsonLayout(index: number): JsonLayout {
    const toStdout = this.#plan.targets[index]!.some((t) => t.path === undefined);
    return toStdout && this.#plan.inputs.length > 1 ? 'line' : 'indented';
  }

  /** Writes an input's files, says it is done, and hands its stdout text on in turn. */
  async #deliver(index: number, rendered: Map<OutputFormat, string>): Promise<void> {
    const targets = this.#plan.targets[index]!;
    for (const target of targets) {
      if (target.path !== undefined) await writeAtomically(target.path, rendered.get(target.format)!);
    }
    this.#plan.display.done(this.#files[index]!, {
      conversationId: this.#conversations[index],
      written: targets.flatMap((t) =>
        t.path === undefined ? [] : [relative(this.#plan.cwd, t.path) || t.path],
      ),
    });
    const several = this.#plan.inputs.length > 1;
    this.#settle(index, stdoutText(targets, rendered, several ? this.#plan.inputs[index]!.label : undefined));
  }

  #settle(index: number, text: string | null): void {
    this.#printed[index] = text;
    while (this.#nextToPrint < this.#plan.inputs.length && this.#printed[this.#nextToPrint] !== undefined) {
      const ready = this.#printed[this.#nextToPrint++];
      if (ready) this.#plan.display.result(ready);
    }
  }
}

/** Prints (and opens) each conversation's page; with the embedded engine, serves them until Ctrl-C. */
async function showPages(
  client: ParleyClient,
  ids: readonly string[],
  display: ProgressDisplay,
): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await showConversationPage(client, id, {
      print: (url) => display.note(`page: ${url}`),
      say: (line) => display.note(line),
      serve: i === ids.length - 1,
    });
  }
}

/** The conversation's name: the input's file name (a URL's last path segment). */
function nameOf(input: TranscribeInput): string {
  return input.url ? basename(new URL(input.source).pathname) || input.source : basename(input.source);
}

/** What goes to stdout for one input; with several inputs, text views get a `==> name <==` header. */
function stdoutText(
  targets: readonly OutputTarget[],
  rendered: Map<OutputFormat, string>,
  header: string | undefined,
): string | null {
  const target = targets.find((t) => t.path === undefined);
  if (target === undefined) return null;
  const text = rendered.get(target.format)!;
  if (header === undefined || target.format === 'json') return text;
  return `==> ${header} <==\n${text}\n`;
}

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
import { ParleyError } from '../errors/ParleyError.ts';
import type { JobStatus } from '../model/job.ts';
import { LANGUAGE_CODES } from '../model/languageCodes.ts';
import type { CommandIo } from './CommandIo.ts';
import { EXIT_CODES } from './exitCodes.ts';
import { expandInputs, type TranscribeInput } from './expandInputs.ts';
import { openClient } from './openClient.ts';
import { type OutputFormat, type OutputTarget, outputFormats, outputTargets } from './outputTargets.ts';
import { ProgressDisplay } from './ProgressDisplay.ts';
import type { FileProgress } from './progressLine.ts';
import { renderConversation } from './renderConversation.ts';
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

function oneLine(error: unknown): string {
  if (error instanceof ParleyError) return `${error.message.replace(/\s+/g, ' ')} [${error.code}]`;
  return error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
}

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
  let failures = 0;
  for (const problem of problems) {
    display.fail(display.add(problem.label), problem.reason);
    failures++;
  }
  if (inputs.length === 0) {
    display.close();
    return EXIT_CODES.failed;
  }

  const client = openClient(io.env, (text) => display.note(text));
  const files = inputs.map((input) => display.add(input.label));
  const conversations: Array<string | undefined> = [];
  // What each input prints on stdout, in input order: undefined until known, null for nothing.
  const printed: Array<string | null | undefined> = [];
  let nextToPrint = 0;
  const settle = (index: number, text: string | null) => {
    printed[index] = text;
    while (nextToPrint < inputs.length && printed[nextToPrint] !== undefined) {
      const ready = printed[nextToPrint++];
      if (ready) display.result(ready);
    }
  };
  const several = inputs.length > 1;

  const transcribeOne = (index: number): Observable<never> =>
    defer(() => {
      const input = inputs[index]!;
      const file = files[index]!;
      const mine = targets[index]!;
      const media = VIDEO_NAME.test(input.source.replace(/[?#].*$/, '')) ? client.video : client.audio;
      const named = { ...parameters, name: nameOf(input) };
      const job = input.url
        ? media.processUrl(input.source, named, WATCH)
        : media.processFile(input.source, named, WATCH);
      display.update(file, { phase: 'uploading' });
      return concat(
        job.submitted.pipe(
          tap((s) => {
            conversations[index] = s.conversationId;
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
          const toStdout = mine.filter((t) => t.path === undefined).length > 0;
          return renderConversation(job.conversation, formats, several && toStdout ? 'line' : 'indented');
        }).pipe(
          mergeMap(async (rendered) => {
            await writeOutputs(mine, rendered);
            display.done(file, {
              conversationId: conversations[index],
              written: mine.flatMap((t) =>
                t.path === undefined ? [] : [relative(io.cwd, t.path) || t.path],
              ),
            });
            settle(index, stdoutText(mine, rendered, several ? input.label : undefined));
          }),
          ignoreElements(),
        ),
      ).pipe(
        catchError((error: unknown) => {
          failures++;
          display.fail(file, oneLine(error));
          settle(index, null);
          return EMPTY;
        }),
      );
    });

  const interrupt$ = io.interrupt$ ?? fromEvent(process, 'SIGINT');
  let interrupted = false;
  try {
    checkLanguage(client, parameters);
    await new Promise<void>((resolve) => {
      from(inputs.keys())
        .pipe(
          mergeMap(transcribeOne, concurrency),
          takeUntil(
            interrupt$.pipe(
              take(1),
              tap(() => {
                interrupted = true;
              }),
            ),
          ),
        )
        .subscribe({ complete: resolve });
    });
  } finally {
    display.close();
    await client.close();
  }
  if (interrupted) {
    const unfinished = files.filter((f) => f.phase !== 'done' && f.phase !== 'failed');
    for (const f of unfinished) {
      const id = conversations[files.indexOf(f)];
      display.note(
        id === undefined
          ? `${f.label}: not transcribed (interrupted)`
          : `${f.label}: interrupted; it was submitted as conversation ${id} (parley conversations show ${id})`,
      );
    }
    return EXIT_CODES.interrupted;
  }
  if (inputs.length + problems.length > 1) {
    const failed = [
      ...problems.map((p) => p.label),
      ...files.filter((f) => f.phase === 'failed').map((f) => f.label),
    ];
    const done = files.filter((f) => f.phase === 'done').length;
    display.note(
      `${done} of ${inputs.length + problems.length} transcribed` +
        (failed.length === 0 ? '' : `; failed: ${failed.join(', ')}`),
    );
  }
  return failures === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;

  async function writeOutputs(
    mine: readonly OutputTarget[],
    rendered: Map<OutputFormat, string>,
  ): Promise<void> {
    for (const target of mine) {
      if (target.path !== undefined) await writeAtomically(target.path, rendered.get(target.format)!);
    }
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

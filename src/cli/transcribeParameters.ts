import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { MediaParameters } from '../async/MediaApi.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import {
  AsyncLanguageCode,
  AsyncTracker,
  MediaProcessOptions,
  RecognitionAccuracy,
  RecognizerBackend,
} from '../model/asyncApi.ts';
import { parse } from '../model/parse.ts';
import { machineTimeZone, timeZoneFlag } from './timeZoneFlag.ts';
import { UsageError } from './UsageError.ts';

/** A flag's value checked against one of the model's enums. */
function choice<T extends string>(
  schema: {
    options: readonly T[];
    safeParse(value: unknown): { success: true; data: T } | { success: false };
  },
  flag: string,
  value: string | undefined,
): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(flag, `expected ${schema.options.join(' or ')}, got "${value}"`);
  return parsed.data;
}

/** The flags of `parley transcribe` as commander hands them over. */
export interface TranscribeFlags {
  format?: string | undefined;
  json?: boolean;
  output?: string;
  diarize?: string;
  channels?: string[];
  entities?: boolean;
  startTime?: string;
  timezone?: string;
  vocabulary?: string[];
  vocabularyFile?: string;
  trackers?: string;
  allTrackers?: boolean;
  language?: string;
  phone?: boolean;
  concurrency?: string;
  quiet?: boolean;
  /** Keep each recording and show each conversation's page when done. */
  open?: boolean;
  accuracy?: string;
  recognizer?: string;
}

function speakerCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    throw new UsageError('--diarize', `expected a whole number of speakers from 1 to 20, got "${value}"`);
  }
  return n;
}

function startTimeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError('--start-time', `expected an ISO 8601 date and time, got "${value}"`);
  return new Date(ms).toISOString();
}

function languageOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const known = AsyncLanguageCode.safeParse(value);
  if (!known.success) {
    throw new UsageError(
      '--language',
      `"${value}" is not a language code the API knows; ${known.error.issues[0]?.message}`,
    );
  }
  return known.data;
}

async function readOptionFile(option: string, path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new UsageError(option, `cannot read ${path}: ${reason}`);
  }
}

/** One word or phrase a line; blank lines and lines starting with `#` are skipped. */
async function vocabularyFile(path: string | undefined, cwd: string): Promise<string[]> {
  if (path === undefined) return [];
  const lines = (await readOptionFile('--vocabulary-file', path, cwd)).split(/\r?\n/).map((l) => l.trim());
  const words = lines.filter((l) => l !== '' && !l.startsWith('#'));
  if (words.length === 0) throw new UsageError('--vocabulary-file', `${path} holds no words (one a line)`);
  return words;
}

/** A JSON array of inline trackers `{name, vocabulary}` and references `{id}` to stored ones. */
async function trackersFile(path: string | undefined, cwd: string): Promise<AsyncTracker[] | undefined> {
  if (path === undefined) return undefined;
  const text = await readOptionFile('--trackers', path, cwd);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('--trackers', `${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return parse(z.array(AsyncTracker).min(1, 'expected at least one tracker'), json, `trackers in ${path}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new UsageError('--trackers', error.message);
  }
}

/** The option that sets each API field, to name it when the API's own check refuses a value. */
const OPTION_OF_FIELD: Record<string, string> = {
  enableSpeakerDiarization: '--diarize',
  diarizationSpeakerCount: '--diarize',
  channelMetadata: '--channels',
  customVocabulary: '--vocabulary',
  trackers: '--trackers',
  languageCode: '--language',
  startTime: '--start-time',
  timezone: '--timezone',
};

/**
 * The Async API parameters every input of one `parley transcribe` run is submitted with (each
 * input adds its own `name`), checked as the server would check them so that a mistake is found
 * before anything is uploaded. A summary is always asked for (the text view shows it).
 * `--start-time` travels as `startTime` and `--timezone` (default: the machine's zone unless it
 * is UTC) as `timezone`, Parley extensions that other servers ignore. Files the options name are
 * read from `cwd`.
 * @throws UsageError naming the option
 */
export async function transcribeParameters(
  flags: TranscribeFlags,
  cwd = process.cwd(),
  machineZone = machineTimeZone(),
): Promise<MediaParameters> {
  const diarizationSpeakerCount = speakerCount(flags.diarize);
  const startTime = startTimeOf(flags.startTime);
  const timezone = timeZoneFlag(flags.timezone, machineZone);
  const languageCode = languageOf(flags.language);
  const accuracy = choice(RecognitionAccuracy, '--accuracy', flags.accuracy);
  const recognizer = choice(RecognizerBackend, '--recognizer', flags.recognizer);
  const channelMetadata = flags.channels?.map((name, i) => ({ channel: i + 1, speaker: { name } }));
  const customVocabulary = [
    ...(flags.vocabulary ?? []).map((w) => w.trim()).filter((w) => w !== ''),
    ...(await vocabularyFile(flags.vocabularyFile, cwd)),
  ];
  const trackers = await trackersFile(flags.trackers, cwd);
  const parameters: MediaParameters = {
    enableSummary: true,
    ...(flags.entities ? { detectEntities: true } : {}),
    ...(diarizationSpeakerCount === undefined
      ? {}
      : { enableSpeakerDiarization: true, diarizationSpeakerCount }),
    ...(channelMetadata === undefined ? {} : { enableSeparateRecognitionPerChannel: true, channelMetadata }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(timezone === undefined ? {} : { timezone }),
    ...(languageCode === undefined ? {} : { languageCode }),
    ...(customVocabulary.length === 0 ? {} : { customVocabulary }),
    ...(trackers === undefined ? {} : { trackers }),
    ...(flags.allTrackers ? { enableAllTrackers: true } : {}),
    ...(flags.phone ? { mode: 'phone' as const } : {}),
    ...(flags.open ? { keepMedia: true } : {}),
    // Parley extensions, like startTime and timezone: other servers ignore them.
    ...(accuracy === undefined ? {} : { accuracy }),
    ...(recognizer === undefined ? {} : { recognizer }),
  };
  const checked = MediaProcessOptions.safeParse(parameters);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new UsageError(OPTION_OF_FIELD[field] ?? field, issue?.message ?? 'invalid');
  }
  return parameters;
}

/** `--concurrency`: how many inputs are uploaded and watched at once (default 2). */
export function concurrencyOf(flags: TranscribeFlags): number {
  const value = flags.concurrency ?? '2';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new UsageError('--concurrency', `expected a whole number from 1 to 64, got "${value}"`);
  }
  return n;
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { ParleyError } from '../errors/ParleyError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { parse } from '../model/parse.ts';
import { CreateTrackerRequest, type ManagedTracker } from '../model/trackers.ts';
import { type CommandIo, say } from './CommandIo.ts';
import { EXIT_CODES } from './exitCodes.ts';
import { failureReason } from './failureReason.ts';
import { formatTable } from './formatTable.ts';
import { openClient } from './openClient.ts';
import { UsageError } from './UsageError.ts';

function describe(tracker: ManagedTracker): string {
  return `${tracker.name} (id ${tracker.id}): ${tracker.vocabulary.join(', ')}`;
}

/** The trackers `add` creates: one from the arguments, or every one in a JSON file. */
async function trackersToAdd(
  name: string | undefined,
  phrases: readonly string[],
  file: string | undefined,
  cwd: string,
): Promise<z.input<typeof CreateTrackerRequest>[]> {
  if (file !== undefined) {
    if (name !== undefined) throw new UsageError('--file', 'give a name and phrases, or --file, not both');
    let json: unknown;
    try {
      json = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
    } catch (error) {
      throw new UsageError('--file', `cannot read ${file} as JSON: ${(error as Error).message}`);
    }
    try {
      return parse(
        z.array(CreateTrackerRequest).min(1, 'expected at least one tracker'),
        json,
        `trackers in ${file}`,
      );
    } catch (error) {
      if (error instanceof ValidationError) throw new UsageError('--file', error.message);
      throw error;
    }
  }
  if (name === undefined || phrases.length === 0) {
    throw new UsageError('phrases', 'give a tracker name and at least one phrase (or --file trackers.json)');
  }
  const tracker = { name, vocabulary: [...phrases] };
  const checked = CreateTrackerRequest.safeParse(tracker);
  if (!checked.success)
    throw new UsageError('phrases', checked.error.issues[0]?.message ?? 'invalid tracker');
  return [tracker];
}

/**
 * `parley trackers add <name> <phrases...>` (or `--file`): stores trackers with the account, for
 * `parley transcribe --all-trackers` and for jobs that reference them by id.
 */
export async function runTrackersAdd(
  name: string | undefined,
  phrases: readonly string[],
  flags: { file?: string },
  io: CommandIo,
): Promise<number> {
  const trackers = await trackersToAdd(name, phrases, flags.file, io.cwd);
  const client = openClient(io.env, (text) => say(io, text));
  try {
    const created =
      trackers.length === 1
        ? [(await lastValueFrom(client.trackers.create(trackers[0]!))).tracker]
        : (await lastValueFrom(client.trackers.createMany(trackers))).trackers;
    for (const tracker of created) io.stdout.write(`added ${describe(tracker)}\n`);
    return EXIT_CODES.ok;
  } finally {
    await client.close();
  }
}

/** `parley trackers list`: every stored tracker (or the one named) as a table or JSON. */
export async function runTrackersList(
  flags: { name?: string; json?: boolean },
  io: CommandIo,
): Promise<number> {
  const client = openClient(io.env, (text) => say(io, text));
  try {
    const { trackers } = await lastValueFrom(client.trackers.list(flags.name));
    if (flags.json) io.stdout.write(`${JSON.stringify(trackers, null, 2)}\n`);
    else if (trackers.length === 0)
      say(io, flags.name === undefined ? 'no trackers' : `no tracker named ${flags.name}`);
    else
      io.stdout.write(
        formatTable(
          ['ID', 'NAME', 'PHRASES'],
          trackers.map((t) => [t.id, t.name, t.vocabulary.join(', ')]),
        ),
      );
    return EXIT_CODES.ok;
  } finally {
    await client.close();
  }
}

/**
 * `parley trackers remove <id-or-name...>`: deletes each tracker, found by id or else by its
 * exact name; one that is not there is named, and the others still go.
 */
export async function runTrackersRemove(keys: readonly string[], io: CommandIo): Promise<number> {
  const client = openClient(io.env, (text) => say(io, text));
  let failed = 0;
  try {
    const { trackers } = await lastValueFrom(client.trackers.list());
    for (const key of keys) {
      const tracker = trackers.find((t) => t.id === key) ?? trackers.find((t) => t.name === key);
      if (tracker === undefined) {
        failed++;
        say(io, `${key}: no tracker with this id or name`);
        continue;
      }
      try {
        await lastValueFrom(client.trackers.delete(tracker.id));
        io.stdout.write(`removed ${tracker.name} (id ${tracker.id})\n`);
      } catch (error) {
        if (!(error instanceof ParleyError)) throw error;
        failed++;
        say(io, `${key}: not removed: ${failureReason(error)}`);
      }
    }
  } finally {
    await client.close();
  }
  return failed === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}

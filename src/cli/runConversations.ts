import { createInterface } from 'node:readline/promises';
import { lastValueFrom } from 'rxjs';
import type { ListConversationsQuery } from '../conversations/ConversationParameters.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { formattedTranscriptText } from '../model/transcript.ts';
import { type CommandIo, say } from './CommandIo.ts';
import { CONVERSATION_RESOURCES } from './conversationResources.ts';
import { EXIT_CODES } from './exitCodes.ts';
import { failureReason } from './failureReason.ts';
import { formatTable } from './formatTable.ts';
import { openClient } from './openClient.ts';
import { outputFormats } from './outputTargets.ts';
import { duration } from './progressLine.ts';
import { renderConversation } from './renderConversation.ts';
import { UsageError } from './UsageError.ts';

/** The flags of `parley conversations list`. */
export interface ListFlags {
  limit?: string;
  offset?: string;
  order?: string;
  sort?: string;
  since?: string;
  until?: string;
  filter?: string;
  json?: boolean;
}

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO 8601 date or time, or a span back from now (`90m`, `12h`, `30d`, `2w`). */
function instant(option: string, value: string | undefined, now: number): string | undefined {
  if (value === undefined) return undefined;
  const span = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (span) return new Date(now - Number(span[1]) * UNIT_MS[span[2]!.toLowerCase()]!).toISOString();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      option,
      `expected an ISO 8601 date or time, or a span such as 30d or 12h, got "${value}"`,
    );
  }
  return new Date(ms).toISOString();
}

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(option, `expected a whole number, got "${value}"`);
  return n;
}

/** The API query for the list flags; the server's defaults apply to the rest (20, the last 7 days). */
export function listQuery(flags: ListFlags, now = Date.now()): ListConversationsQuery {
  const order = flags.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc')
    throw new UsageError('--order', `expected asc or desc, got "${order}"`);
  const limit = wholeNumber('--limit', flags.limit);
  const offset = wholeNumber('--offset', flags.offset);
  const startTime = instant('--since', flags.since, now);
  const endTime = instant('--until', flags.until, now);
  return {
    order,
    ...(limit === undefined ? {} : { limit }),
    ...(offset === undefined ? {} : { offset }),
    ...(flags.sort === undefined ? {} : { sort: flags.sort }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(flags.filter === undefined ? {} : { filter: flags.filter }),
  };
}

/** `parley conversations list`: a table (or JSON) of the conversations the filters select. */
export async function runConversationsList(flags: ListFlags, io: CommandIo): Promise<number> {
  const query = listQuery(flags);
  const client = openClient(io.env, (text) => say(io, text));
  try {
    const { conversations } = await lastValueFrom(client.conversations.list(query));
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(conversations, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    if (conversations.length === 0) {
      const when = flags.since === undefined ? ' in the last 7 days (--since 30d looks further back)' : '';
      say(io, `no conversations${when}`);
      return EXIT_CODES.ok;
    }
    const rows = conversations.map((c) => [
      c.id,
      c.startTime.slice(0, 16).replace('T', ' '),
      duration((Date.parse(c.endTime) - Date.parse(c.startTime)) / 1000),
      c.name,
    ]);
    io.stdout.write(formatTable(['ID', 'STARTED (UTC)', 'LENGTH', 'NAME'], rows));
    return EXIT_CODES.ok;
  } finally {
    await client.close();
  }
}

/** The flags of `parley conversations show`. */
export interface ShowFlags {
  format?: string;
}

/**
 * `parley conversations show <id> [resource]`: the conversation in a format of `parley
 * transcribe` (text by default), or one Conversation API resource as JSON (`transcript` and
 * `srt` as their text).
 */
export async function runConversationShow(
  id: string,
  resource: string | undefined,
  flags: ShowFlags,
  io: CommandIo,
): Promise<number> {
  const read = resource === undefined ? undefined : CONVERSATION_RESOURCES[resource];
  if (resource !== undefined && read === undefined) {
    throw new UsageError(
      'resource',
      `expected one of ${Object.keys(CONVERSATION_RESOURCES).join(', ')}, got "${resource}"`,
    );
  }
  if (read !== undefined && flags.format !== undefined) {
    throw new UsageError('--format', 'a resource prints as JSON; leave out --format or the resource');
  }
  const formats = read === undefined ? outputFormats(flags.format, false) : [];
  if (formats.length > 1) throw new UsageError('--format', 'show prints one format at a time');
  const client = openClient(io.env, (text) => say(io, text));
  try {
    const handle = client.conversation(id);
    if (read === undefined) {
      const rendered = await lastValueFrom(renderConversation(handle, formats));
      io.stdout.write(rendered.get(formats[0]!)!);
      return EXIT_CODES.ok;
    }
    const value = await lastValueFrom(read(handle));
    const text =
      resource === 'transcript' || resource === 'srt'
        ? formattedTranscriptText(
            (value as { transcript: Parameters<typeof formattedTranscriptText>[0] }).transcript,
          )
        : JSON.stringify(value, null, 2);
    io.stdout.write(`${text}\n`);
    return EXIT_CODES.ok;
  } finally {
    await client.close();
  }
}

async function confirmed(question: string, io: CommandIo): Promise<boolean> {
  const reader = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await reader.question(`${question} [y/N] `)).trim());
  } finally {
    reader.close();
  }
}

/**
 * `parley conversations delete <ids...>`: deletes each conversation and everything in it, after
 * asking on a terminal (or with `--yes`; without a terminal `--yes` is required, so a script
 * never deletes by accident). One that cannot be deleted is named, and the others still go.
 */
export async function runConversationsDelete(
  ids: readonly string[],
  flags: { yes?: boolean },
  io: CommandIo,
): Promise<number> {
  const what =
    ids.length === 1 ? `conversation ${ids[0]}` : `${ids.length} conversations (${ids.join(', ')})`;
  if (!flags.yes) {
    if (io.stdin.isTTY !== true) {
      throw new UsageError(
        '--yes',
        `deleting ${what} cannot be undone: add --yes to delete without being asked`,
      );
    }
    if (!(await confirmed(`Delete ${what} and everything in it?`, io))) {
      say(io, 'nothing deleted');
      return EXIT_CODES.ok;
    }
  }
  const client = openClient(io.env, (text) => say(io, text));
  let failed = 0;
  try {
    for (const id of ids) {
      try {
        await lastValueFrom(client.conversations.deleteConversation(id));
        io.stdout.write(`deleted ${id}\n`);
      } catch (error) {
        if (!(error instanceof ParleyError)) throw error;
        failed++;
        say(io, `${id}: not deleted: ${failureReason(error)}`);
      }
    }
  } finally {
    await client.close();
  }
  return failed === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}

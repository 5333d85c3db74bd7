import { ValidationError } from '../../errors/ValidationError.ts';
import type { ConversationListQuery } from '../../model/conversation.ts';
import type { ConversationListQuery as StoreListQuery } from '../store/StoreRecords.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * A `GET /v1/conversations` query as the store runs it: the list defaults (the last 7 days up to
 * now), the sort field, and the RSQL `filter`. `criteria` (a group's, already parsed) is ANDed
 * with the filter: a key both name with different values matches nothing.
 */
export function toStoreListQuery(
  query: ConversationListQuery,
  criteria?: Record<string, string>,
): StoreListQuery {
  const endTime = query.endTime ?? new Date().toISOString();
  const startTime = query.startTime ?? new Date(Date.parse(endTime) - WEEK_MS).toISOString();
  const sorts: Record<string, StoreListQuery['sort']> = {
    'conversation.startTime': 'startTime',
    startTime: 'startTime',
    'conversation.endTime': 'endTime',
    endTime: 'endTime',
    'conversation.name': 'name',
    name: 'name',
  };
  const sort = sorts[query.sort];
  if (sort === undefined) {
    throw new ValidationError('conversation list query', [
      {
        path: 'sort',
        message: `cannot sort by ${query.sort}; use conversation.startTime, conversation.endTime or conversation.name`,
      },
    ]);
  }
  const filter =
    query.filter === undefined
      ? undefined
      : parseMetadataCriteria(query.filter, 'conversation list query', 'filter');
  return {
    limit: query.limit,
    offset: query.offset,
    order: query.order,
    sort,
    startTime: new Date(Date.parse(startTime)).toISOString(),
    endTime: new Date(Date.parse(endTime)).toISOString(),
    ...(filter === undefined && criteria === undefined ? {} : { metadata: combine(criteria, filter) }),
  };
}

/** Both sets of equalities at once; a key with two different values can match no conversation. */
function combine(
  criteria: Record<string, string> | undefined,
  filter: Record<string, string> | undefined,
): Record<string, string> {
  const metadata: Record<string, string> = { ...criteria };
  for (const [key, value] of Object.entries(filter ?? {})) {
    // A key can hold one value: asking for two is answered by a comparison nothing satisfies.
    metadata[key] = metadata[key] === undefined || metadata[key] === value ? value : '\u0000unmatchable';
  }
  return metadata;
}

/**
 * The RSQL subset Parley evaluates: `conversation.metadata.<key>==<value>` comparisons joined by
 * `;` or ` and ` (no OR, at most two distinct fields), as the conversation list's `filter` and a
 * group's `criteria`. Throws a ValidationError (`subject`, at `path`) naming what is not supported.
 */
export function parseMetadataCriteria(text: string, subject: string, path: string): Record<string, string> {
  const fail = (message: string) => new ValidationError(subject, [{ path, message }]);
  const metadata: Record<string, string> = {};
  const clauses = text
    .split(/;|\s+and\s+/i)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (clauses.length === 0) throw fail(`empty ${path}`);
  if (/[,]|\s+or\s+/i.test(text)) throw fail('OR is not supported');
  for (const clause of clauses) {
    const match = /^conversation\.metadata\.([A-Za-z0-9_.-]+)\s*==\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(
      clause,
    );
    if (match === null)
      throw fail(`unsupported comparison "${clause}"; use conversation.metadata.<key>==<value>`);
    metadata[match[1]!] = match[2] ?? match[3] ?? match[4]!;
  }
  if (Object.keys(metadata).length > 2) throw fail('at most two distinct fields');
  return metadata;
}

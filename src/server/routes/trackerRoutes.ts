import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { parse } from '../../model/parse.ts';
import {
  CreateTrackerRequest,
  CreateTrackersBody,
  DeletedResource,
  ListTrackersQuery,
  type ManagedTracker,
  mergeVocabulary,
  PatchTrackerRequest,
  TrackerEnvelope,
  TrackersEnvelope,
  TrackerVocabulary,
  UpdateTrackerRequest,
} from '../../model/trackers.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { TrackerRecord } from '../store/StoreRecords.ts';
import { checkAccountCap } from './checkAccountCap.ts';

/**
 * The tracker Management API in both generations: the documented singular
 * `/v1/manage/tracker[/{id}]` with bulk create on `/v1/manage/trackers`, and the Go SDK's plural paths
 * with single create and PATCH. Every single-tracker path exists in both spellings. Trackers
 * belong to the calling app; another app's tracker id is a 404. Creates answer 201, the rest 200
 * (undocumented; Parley's choice). Names are unique per app and case-sensitive (409).
 * Writes are single store transactions, so concurrent calls never interleave and need no 429.
 */
export function trackerRoutes(server: ServerContext): Route[] {
  const body = (ctx: RequestContext) => readJsonBody(ctx.req, server.limits.managementBodyBytes);
  const one = (tracker: TrackerRecord) =>
    responseBody(TrackerEnvelope, { tracker: wireTracker(tracker) }, 'tracker');
  const many = (trackers: readonly TrackerRecord[]) =>
    responseBody(TrackersEnvelope, { trackers: trackers.map(wireTracker) }, 'trackers');

  const create = async (ctx: RequestContext, requests: readonly CreateTrackerRequest[]) => {
    const existing = await server.store.listTrackers(ctx.appId);
    checkAccountCap('trackers', existing.length, requests.length, server.limits.trackersPerApp);
    const now = new Date().toISOString();
    const records = requests.map(
      (r): TrackerRecord => ({
        id: randomNumericId(),
        appId: ctx.appId,
        name: r.name,
        vocabulary: r.vocabulary,
        ...(r.description === undefined ? {} : { description: r.description }),
        ...(r.categories === undefined ? {} : { categories: r.categories }),
        ...(r.languages === undefined ? {} : { languages: r.languages }),
        createdAt: now,
        updatedAt: now,
      }),
    );
    await server.store.putTrackers(records);
    server.logger.log('info', 'trackers.created', { appId: ctx.appId, ids: records.map((r) => r.id) });
    return records;
  };

  const own = async (ctx: RequestContext): Promise<TrackerRecord> => {
    const tracker = await server.store.getTracker(ctx.appId, ctx.params.trackerId ?? '');
    if (tracker === undefined) {
      throw new NotFoundError(`Tracker with id: ${ctx.params.trackerId} does not exist.`);
    }
    return tracker;
  };

  const save = async (tracker: TrackerRecord): Promise<TrackerRecord> => {
    const saved = { ...tracker, updatedAt: new Date().toISOString() };
    await server.store.putTracker(saved);
    return saved;
  };

  const singleRoutes = (path: string): Route[] => [
    {
      method: 'GET',
      pattern: `${path}/:trackerId`,
      async handle(ctx) {
        return { status: 200, body: one(await own(ctx)) };
      },
    },
    {
      method: 'PUT',
      pattern: `${path}/:trackerId`,
      /**
       * The documented update: `name` replaces, `vocabulary` is merged (new phrases first, then the old
       * ones, as the documentation's sample shows). A body `id` other than the path's is a 400.
       */
      async handle(ctx) {
        const tracker = await own(ctx);
        const update = parse(UpdateTrackerRequest, await body(ctx), 'tracker update');
        if (update.id !== undefined && update.id !== tracker.id) {
          throw new ValidationError('tracker update', [
            { path: 'id', message: `must equal the tracker id of the path (${tracker.id})` },
          ]);
        }
        const updated: TrackerRecord = {
          ...tracker,
          ...(update.name === undefined ? {} : { name: update.name }),
          ...(update.vocabulary === undefined
            ? {}
            : { vocabulary: mergeVocabulary(tracker.vocabulary, update.vocabulary) }),
          ...(update.description === undefined ? {} : { description: update.description }),
          ...(update.categories === undefined ? {} : { categories: update.categories }),
          ...(update.languages === undefined ? {} : { languages: update.languages }),
        };
        return { status: 200, body: one(await save(updated)) };
      },
    },
    {
      method: 'PATCH',
      pattern: `${path}/:trackerId`,
      /** The Go SDK's JSON-Patch-style update (see {@link applyTrackerPatch}). */
      async handle(ctx) {
        const tracker = await own(ctx);
        const operations = parse(PatchTrackerRequest, await body(ctx), 'tracker patch');
        return { status: 200, body: one(await save(applyTrackerPatch(tracker, operations))) };
      },
    },
    {
      method: 'DELETE',
      pattern: `${path}/:trackerId`,
      async handle(ctx) {
        const tracker = await own(ctx);
        await server.store.deleteTracker(ctx.appId, tracker.id);
        const reply = { id: tracker.id, type: 'tracker', deleted: true };
        return { status: 200, body: responseBody(DeletedResource, reply, 'tracker delete') };
      },
    },
  ];

  return [
    {
      method: 'POST',
      pattern: '/v1/manage/tracker',
      async handle(ctx) {
        const request = parse(CreateTrackerRequest, await body(ctx), 'tracker');
        const [created] = await create(ctx, [request]);
        return { status: 201, body: one(created!) };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/manage/trackers',
      /** A bare array is the documented bulk create (`{trackers}`); one object is the Go SDK's create (`{tracker}`). */
      async handle(ctx) {
        const request = parse(CreateTrackersBody, await body(ctx), 'trackers');
        if (Array.isArray(request)) return { status: 201, body: many(await create(ctx, request)) };
        const [created] = await create(ctx, [request]);
        return { status: 201, body: one(created!) };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/manage/trackers',
      /** Every tracker of the app, or those named exactly `name` (case-sensitive). */
      async handle(ctx) {
        const { name } = parse(ListTrackersQuery, parseQuery(ctx.search), 'tracker query');
        const trackers = await server.store.listTrackers(ctx.appId);
        return { status: 200, body: many(trackers.filter((t) => name === undefined || t.name === name)) };
      },
    },
    ...singleRoutes('/v1/manage/tracker'),
    ...singleRoutes('/v1/manage/trackers'),
  ];
}

/** A stored tracker in its wire shape (documented fields plus the Go SDK's optional ones). */
function wireTracker(t: TrackerRecord): ManagedTracker {
  return {
    id: t.id,
    name: t.name,
    vocabulary: t.vocabulary,
    description: t.description,
    categories: t.categories,
    languages: t.languages,
    createdOn: t.createdAt,
    updatedOn: t.updatedAt,
  };
}

/**
 * Applies PATCH operations in order. `/name` and `/description` take a string (`remove` drops
 * the description). On the list paths (`/vocabulary`, `/categories`, `/languages`) `add` appends
 * the entries not yet there, `replace` sets the list, and `remove` drops the listed entries (all
 * of them without a value); `/vocabulary/-` appends one phrase. A tracker keeps at least one
 * phrase: a patch that empties the vocabulary is a 400.
 */
export function applyTrackerPatch(tracker: TrackerRecord, operations: PatchTrackerRequest): TrackerRecord {
  const next: TrackerRecord = { ...tracker };
  const list = (current: readonly string[] | undefined, op: string, value: unknown): string[] | undefined => {
    const values = (Array.isArray(value) ? value : []) as string[];
    if (op === 'replace') return [...values];
    if (op === 'add') return [...new Set([...(current ?? []), ...values])];
    if (value === undefined) return undefined;
    return (current ?? []).filter((entry) => !values.includes(entry));
  };
  for (const { op, path, value } of operations) {
    if (path === '/name') next.name = String(value).trim();
    else if (path === '/description') {
      if (op === 'remove') delete next.description;
      else next.description = String(value);
    } else if (path === '/vocabulary/-')
      next.vocabulary = [...new Set([...next.vocabulary, String(value).trim()])];
    else if (path === '/vocabulary') next.vocabulary = list(next.vocabulary, op, value) ?? [];
    else {
      const key = path === '/categories' ? 'categories' : 'languages';
      const updated = list(next[key], op, value);
      if (updated === undefined) delete next[key];
      else next[key] = updated;
    }
  }
  parse(TrackerVocabulary, next.vocabulary, 'patched tracker vocabulary');
  return next;
}

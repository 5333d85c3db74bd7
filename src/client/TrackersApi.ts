import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import { parse } from '../model/parse.ts';
import {
  BulkCreateTrackersRequest,
  CreateTrackerRequest,
  DeletedResource,
  PatchTrackerRequest,
  TrackerEnvelope,
  TrackersEnvelope,
  UpdateTrackerRequest,
} from '../model/trackers.ts';
import type { HttpMethod } from './ApiRequest.ts';
import type { HttpTransport } from './HttpTransport.ts';

/** A tracker to create: a name (unique, case-sensitive) and its phrases. */
export type TrackerInput = z.input<typeof CreateTrackerRequest>;
/** What to change: the new vocabulary is merged into the old one (as Symbl's cloud does). */
export type TrackerUpdate = z.input<typeof UpdateTrackerRequest>;
/** JSON-Patch-style operations: `[{ op: 'add', path: '/vocabulary/-', value: 'refund' }]`. */
export type TrackerPatch = z.input<typeof PatchTrackerRequest>;

/**
 * The tracker Management API: named phrase lists stored with the account, used by jobs as
 * `trackers: [{ id }]` or with `enableAllTrackers`. Each method is a cold Observable; bodies are
 * checked on subscribe.
 */
export interface TrackersApi {
  /** `POST /v1/manage/tracker`. */
  create(tracker: TrackerInput): Observable<TrackerEnvelope>;
  /** `POST /v1/manage/trackers` with an array (bulk create). */
  createMany(trackers: readonly TrackerInput[]): Observable<TrackersEnvelope>;
  /** `GET /v1/manage/trackers[?name=]`: all trackers, or the one with exactly this name. */
  list(name?: string): Observable<TrackersEnvelope>;
  /** `GET /v1/manage/tracker/{id}`. */
  get(trackerId: string): Observable<TrackerEnvelope>;
  /** `PUT /v1/manage/tracker/{id}`. */
  update(trackerId: string, update: TrackerUpdate): Observable<TrackerEnvelope>;
  /** `PATCH /v1/manage/trackers/{id}`. */
  patch(trackerId: string, operations: TrackerPatch): Observable<TrackerEnvelope>;
  /** `DELETE /v1/manage/tracker/{id}`. */
  delete(trackerId: string): Observable<DeletedResource>;
}

/** The tracker Management API over `http`. */
export function trackersApi(http: HttpTransport): TrackersApi {
  const send = <S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    subject: string,
    body?: { schema: z.ZodType; value: unknown },
    query?: URLSearchParams,
  ): Observable<z.output<S>> =>
    defer(() =>
      http.request(
        {
          method,
          path,
          ...(body === undefined ? {} : { json: parse(body.schema, body.value, `${subject} request`) }),
          query,
        },
        schema,
        subject,
      ),
    );
  const one = (trackerId: string) => `/v1/manage/tracker/${encodeURIComponent(trackerId)}`;
  return {
    create: (tracker) =>
      send('POST', '/v1/manage/tracker', TrackerEnvelope, 'tracker', {
        schema: CreateTrackerRequest,
        value: tracker,
      }),
    createMany: (trackers) =>
      send('POST', '/v1/manage/trackers', TrackersEnvelope, 'trackers', {
        schema: BulkCreateTrackersRequest,
        value: trackers,
      }),
    list: (name) =>
      send(
        'GET',
        '/v1/manage/trackers',
        TrackersEnvelope,
        'trackers',
        undefined,
        name === undefined ? undefined : new URLSearchParams({ name }),
      ),
    get: (trackerId) => send('GET', one(trackerId), TrackerEnvelope, 'tracker'),
    update: (trackerId, update) =>
      send('PUT', one(trackerId), TrackerEnvelope, 'tracker', {
        schema: UpdateTrackerRequest,
        value: update,
      }),
    patch: (trackerId, operations) =>
      send('PATCH', `/v1/manage/trackers/${encodeURIComponent(trackerId)}`, TrackerEnvelope, 'tracker', {
        schema: PatchTrackerRequest,
        value: operations,
      }),
    delete: (trackerId) => send('DELETE', one(trackerId), DeletedResource, 'tracker deletion'),
  };
}

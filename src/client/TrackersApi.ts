import type { Observable } from 'rxjs';
import type { z } from 'zod';
import {
  BulkCreateTrackersRequest,
  CreateTrackerRequest,
  DeletedResource,
  PatchTrackerRequest,
  TrackerEnvelope,
  TrackersEnvelope,
  UpdateTrackerRequest,
} from '../model/trackers.ts';
import type { HttpTransport } from './HttpTransport.ts';
import { managementRequest } from './managementRequest.ts';

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
  const one = (trackerId: string) => `/v1/manage/tracker/${encodeURIComponent(trackerId)}`;
  return {
    create: (tracker) =>
      managementRequest(http, {
        method: 'POST',
        path: '/v1/manage/tracker',
        response: TrackerEnvelope,
        subject: 'tracker',
        body: { schema: CreateTrackerRequest, value: tracker },
      }),
    createMany: (trackers) =>
      managementRequest(http, {
        method: 'POST',
        path: '/v1/manage/trackers',
        response: TrackersEnvelope,
        subject: 'trackers',
        body: { schema: BulkCreateTrackersRequest, value: trackers },
      }),
    list: (name) =>
      managementRequest(http, {
        method: 'GET',
        path: '/v1/manage/trackers',
        response: TrackersEnvelope,
        subject: 'trackers',
        ...(name === undefined ? {} : { query: new URLSearchParams({ name }) }),
      }),
    get: (trackerId) =>
      managementRequest(http, {
        method: 'GET',
        path: one(trackerId),
        response: TrackerEnvelope,
        subject: 'tracker',
      }),
    update: (trackerId, update) =>
      managementRequest(http, {
        method: 'PUT',
        path: one(trackerId),
        response: TrackerEnvelope,
        subject: 'tracker',
        body: { schema: UpdateTrackerRequest, value: update },
      }),
    patch: (trackerId, operations) =>
      managementRequest(http, {
        method: 'PATCH',
        path: `/v1/manage/trackers/${encodeURIComponent(trackerId)}`,
        response: TrackerEnvelope,
        subject: 'tracker',
        body: { schema: PatchTrackerRequest, value: operations },
      }),
    delete: (trackerId) =>
      managementRequest(http, {
        method: 'DELETE',
        path: one(trackerId),
        response: DeletedResource,
        subject: 'tracker deletion',
      }),
  };
}

import { z } from 'zod';
import { idString } from './lenient.ts';

/*
 * Tracker management: `/v1/manage/tracker[s][/{id}]` in both generations, the documented one
 * (2022: singular paths, bulk create with a bare array, PUT) and the Go SDK's (2024: plural paths, richer object, JSON-Patch-like PATCH).
 *
 * Requests are what a server judges, with the documented rules (vocabulary punctuation, no
 * duplicates, known PATCH operations); unknown keys are stripped. Responses are loose objects so a
 * client reading Symbl's cloud keeps whatever else it sends.
 */

/**
 * A vocabulary phrase: letters, digits, blanks and only `.`, `'` (also `’`) and `-` as punctuation.
 * `?`, `,`, `!` and `:` are rejected by the documented API; other symbols are rejected too
 * (recommended).
 */
export const TrackerPhrase = z
  .string()
  .trim()
  .min(1, { error: 'a phrase cannot be empty', abort: true })
  .regex(/^[\p{L}\p{M}\p{N} .'’-]+$/u, "only letters, digits, blanks and . ' - are allowed in a phrase");
export type TrackerPhrase = z.infer<typeof TrackerPhrase>;

/** The phrases of a tracker: at least one, no duplicates (5-50 are recommended, not enforced). */
export const TrackerVocabulary = z
  .array(TrackerPhrase)
  .min(1, 'a tracker needs at least one phrase')
  .superRefine((phrases, ctx) => {
    const seen = new Set<string>();
    phrases.forEach((phrase, index) => {
      if (seen.has(phrase))
        ctx.addIssue({ code: 'custom', path: [index], message: `duplicate phrase "${phrase}"` });
      seen.add(phrase);
    });
  });
export type TrackerVocabulary = z.infer<typeof TrackerVocabulary>;

/** A tracker name: unique per account and case-sensitive (`Pricing` and `pricing` may coexist). */
export const TrackerName = z.string().trim().min(1, 'name is required');
export type TrackerName = z.infer<typeof TrackerName>;

/**
 * A tracker as the API returns it. `id` is a numeric string (use it as async `trackers: [{"id"}]`);
 * `description`, `categories`, `languages`, `createdOn` and `updatedOn` come from the Go SDK's generation.
 */
export const ManagedTracker = z.looseObject({
  id: idString,
  name: z.string(),
  vocabulary: z.array(z.string()),
  description: z.string().optional(),
  categories: z.array(z.string()).optional(),
  languages: z.array(z.string()).optional(),
  createdOn: z.string().optional(),
  updatedOn: z.string().optional(),
});
export type ManagedTracker = z.infer<typeof ManagedTracker>;

/**
 * The body that creates one tracker (`POST /v1/manage/tracker`, or a single object on
 * `POST /v1/manage/trackers`). The Go SDK requires `categories` and `languages`; the server does not.
 */
export const CreateTrackerRequest = z.object({
  name: TrackerName,
  vocabulary: TrackerVocabulary,
  description: z.string().optional(),
  categories: z.array(z.string().min(1)).optional(),
  languages: z.array(z.string().min(1)).optional(),
});
export type CreateTrackerRequest = z.infer<typeof CreateTrackerRequest>;

/** The bare array that creates several trackers on `POST /v1/manage/trackers` (the documented generation). */
export const BulkCreateTrackersRequest = z
  .array(CreateTrackerRequest)
  .min(1, 'expected at least one tracker');
export type BulkCreateTrackersRequest = z.infer<typeof BulkCreateTrackersRequest>;

/**
 * `POST /v1/manage/trackers` takes both generations: an array is a bulk create (answer
 * `{"trackers": [...]}`), an object a single create (answer `{"tracker": {...}}`).
 */
export const CreateTrackersBody = z.union([BulkCreateTrackersRequest, CreateTrackerRequest]);
export type CreateTrackersBody = z.infer<typeof CreateTrackersBody>;

/**
 * `PUT /v1/manage/tracker/{trackerId}`: `{id, name, vocabulary}` as documented. The new vocabulary is
 * merged into the old one (the documentation's sample: new entries first, then the old ones, no duplicates); see
 * {@link mergeVocabulary}. `id`, when present, must be the path's id (checked by the route).
 */
export const UpdateTrackerRequest = z
  .object({
    id: idString.optional(),
    name: TrackerName.optional(),
    vocabulary: TrackerVocabulary.optional(),
    description: z.string().optional(),
    categories: z.array(z.string().min(1)).optional(),
    languages: z.array(z.string().min(1)).optional(),
  })
  .refine((update) => update.name !== undefined || update.vocabulary !== undefined, {
    message: 'expected name or vocabulary',
    path: ['vocabulary'],
  });
export type UpdateTrackerRequest = z.infer<typeof UpdateTrackerRequest>;

/** PATCH paths a server supports (the allowed set is undocumented; this is Parley's choice). */
export const TRACKER_PATCH_PATHS = [
  '/name',
  '/description',
  '/vocabulary',
  '/vocabulary/-',
  '/categories',
  '/languages',
] as const;

/**
 * One operation of `PATCH /v1/manage/trackers/{trackerId}` (RFC 6902 style). `add` and `replace` need
 * a `value`: a string for `/name`, `/description` and `/vocabulary/-` (a phrase), a string array for
 * the list paths. `remove` takes none, except on a list path where `value` names the entries to drop.
 * `/name` cannot be removed, and `/vocabulary/-` (the end of the list) only added to.
 */
export const TrackerPatchOperation = z
  .object({
    op: z.enum(['add', 'remove', 'replace']),
    path: z.enum(TRACKER_PATCH_PATHS),
    value: z.unknown().optional(),
  })
  .superRefine((operation, ctx) => {
    const { op, path, value } = operation;
    const issue = (message: string, at: 'op' | 'value' = 'value') =>
      ctx.addIssue({ code: 'custom', path: [at], message });
    if (path === '/vocabulary/-' && op !== 'add') return issue('/vocabulary/- can only be added to', 'op');
    if (path === '/name' && op === 'remove') return issue('a tracker must keep its name', 'op');
    if (op === 'remove' && value === undefined) return;
    if (value === undefined) return issue(`${op} needs a value`);
    const expected =
      path === '/name'
        ? TrackerName
        : path === '/description'
          ? z.string()
          : path === '/vocabulary/-'
            ? TrackerPhrase
            : path === '/vocabulary'
              ? op === 'remove'
                ? z.array(z.string())
                : TrackerVocabulary
              : z.array(z.string().min(1));
    const result = expected.safeParse(value);
    if (!result.success) {
      for (const inner of result.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['value', ...inner.path], message: inner.message });
      }
    }
  });
export type TrackerPatchOperation = z.infer<typeof TrackerPatchOperation>;

/** The body of `PATCH /v1/manage/trackers/{trackerId}`: operations applied in order. */
export const PatchTrackerRequest = z.array(TrackerPatchOperation).min(1, 'expected at least one operation');
export type PatchTrackerRequest = z.infer<typeof PatchTrackerRequest>;

/** Query of `GET /v1/manage/trackers`: `name` filters by exact, case-sensitive name. */
export const ListTrackersQuery = z.object({ name: z.string().optional() });
export type ListTrackersQuery = z.infer<typeof ListTrackersQuery>;

/** `{"tracker": Tracker}`: the answer to creating, reading or updating one tracker. */
export const TrackerEnvelope = z.looseObject({ tracker: ManagedTracker });
export type TrackerEnvelope = z.infer<typeof TrackerEnvelope>;

/** `{"trackers": [Tracker]}`: the answer to listing, finding by name, and bulk creating. */
export const TrackersEnvelope = z.looseObject({ trackers: z.array(ManagedTracker) });
export type TrackersEnvelope = z.infer<typeof TrackersEnvelope>;

/** The answer to deleting a managed resource: `{"id", "type": "tracker" | "group", "deleted": true}`. */
export const DeletedResource = z.looseObject({
  id: idString,
  type: z.string(),
  deleted: z.boolean(),
});
export type DeletedResource = z.infer<typeof DeletedResource>;

/** An updated vocabulary as the documentation's sample shows it: new phrases first, then old ones, no duplicates. */
export function mergeVocabulary(current: readonly string[], update: readonly string[]): string[] {
  return [...new Set([...update, ...current])];
}

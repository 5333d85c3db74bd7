import { ValidationError } from '../../errors/ValidationError.ts';
import type { AsyncTracker } from '../../model/asyncApi.ts';
import type { Store } from '../store/Store.ts';

/**
 * Refuses a submission whose `trackers` reference (`{"id"}`) a managed tracker the app does not
 * have, naming each such entry (400), rather than silently detecting nothing for it.
 */
export async function checkTrackerReferences(
  store: Store,
  appId: string,
  trackers: readonly AsyncTracker[] | undefined,
): Promise<void> {
  const references = (trackers ?? []).flatMap((t, index) => ('id' in t ? [{ id: t.id, index }] : []));
  if (references.length === 0) return;
  const known = new Set((await store.listTrackers(appId)).map((t) => t.id));
  const issues = references
    .filter((r) => !known.has(r.id))
    .map((r) => ({ path: `trackers[${r.index}].id`, message: `no tracker with id ${r.id} exists` }));
  if (issues.length > 0) throw new ValidationError('trackers', issues);
}

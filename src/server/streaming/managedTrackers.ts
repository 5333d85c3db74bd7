import type { TrackerDefinition } from '../../engine/nlp/TrackerMatcher.ts';
import type { StreamingSettings } from '../../model/streamingSettings.ts';
import type { Store } from '../store/Store.ts';

/**
 * The stored trackers a `start_request` asks for: by `{id}` reference, or all of the app's with
 * `enableAllTrackers`; one with the name of an inline tracker gives way to it. `missing` lists
 * the referenced ids that do not exist (the socket reports each, and goes on).
 */
export async function managedTrackers(
  store: Store,
  appId: string,
  trackers: StreamingSettings['trackers'],
): Promise<{ found: TrackerDefinition[]; missing: string[] }> {
  const found: TrackerDefinition[] = [];
  const missing: string[] = [];
  if (trackers.enableAllTrackers) found.push(...(await store.listTrackers(appId)));
  for (const reference of trackers.references) {
    if (found.some((t) => t.id === reference.id)) continue;
    const tracker = await store.getTracker(appId, reference.id);
    if (tracker === undefined) missing.push(reference.id);
    else found.push(tracker);
  }
  const inline = new Set(trackers.inline.map((t) => t.name.toLowerCase()));
  return {
    found: found
      .filter((t) => !inline.has(t.name.toLowerCase()))
      .map((t) => ({ id: t.id, name: t.name, vocabulary: t.vocabulary })),
    missing,
  };
}

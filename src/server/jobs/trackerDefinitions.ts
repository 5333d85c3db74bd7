import type { TrackerDefinition } from '../../engine/nlp/TrackerMatcher.ts';
import type { TextProcessOptions } from '../../model/asyncApi.ts';
import type { TrackerRecord } from '../store/StoreRecords.ts';

/**
 * The trackers a conversation is analysed with: inline ones as given, references (`{id}`) to the
 * app's managed trackers resolved with their id (trackers-detected reports it), and every managed
 * tracker with `enableAllTrackers`. A reference to a tracker deleted since the submission is
 * dropped. Each name is detected once (the first definition wins).
 */
export function trackerDefinitions(
  options: Pick<TextProcessOptions, 'trackers' | 'enableAllTrackers'>,
  managed: readonly TrackerRecord[],
): TrackerDefinition[] {
  const byId = new Map(managed.map((t) => [t.id, t]));
  const definitions: TrackerDefinition[] = (options.trackers ?? []).flatMap((t): TrackerDefinition[] => {
    if ('name' in t) return [{ name: t.name, vocabulary: t.vocabulary }];
    const found = byId.get(t.id);
    return found === undefined ? [] : [{ id: found.id, name: found.name, vocabulary: found.vocabulary }];
  });
  if (options.enableAllTrackers) {
    definitions.push(...managed.map((t) => ({ id: t.id, name: t.name, vocabulary: t.vocabulary })));
  }
  const seen = new Set<string>();
  return definitions.filter((t) => {
    if (seen.has(t.name)) return false;
    seen.add(t.name);
    return true;
  });
}

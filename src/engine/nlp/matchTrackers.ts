import type { EngineMessage } from './EngineMessage.ts';
import { type TrackerDefinition, type TrackerHit, TrackerMatcher } from './TrackerMatcher.ts';

/** Where a vocabulary phrase was found: a message (or insight) id, its text, the offset rule. */
export interface TrackerRef {
  id: string;
  text: string;
  /** Character offset of an exact match; -1 for a match by meaning. */
  offset: number;
}

/** A reference to an insight (question, action item, follow-up) the phrase was found in. */
export interface TrackerInsightRef extends TrackerRef {
  type: string;
}

/** One tracker with the vocabulary phrases it found, as `GET …/trackers-detected` serves it. */
export interface EngineTrackerResult {
  id?: string;
  name: string;
  matches: Array<{
    type: 'vocabulary';
    value: string;
    messageRefs: TrackerRef[];
    insightRefs: TrackerInsightRef[];
  }>;
}

/** Something trackers look into: a message or an insight, with what the matcher found there. */
export interface TrackedText {
  id: string;
  text: string;
  /** Set for insights (question, action_item, follow_up). */
  type?: string;
  hits: readonly TrackerHit[];
}

/**
 * Groups hits into the wire structure: one entry per tracker that matched anything, one match per
 * vocabulary phrase found (in vocabulary order), references in the order the texts are given.
 */
export function assembleTrackers(
  definitions: readonly TrackerDefinition[],
  texts: Iterable<TrackedText>,
): EngineTrackerResult[] {
  const refs = definitions.map((definition) =>
    definition.vocabulary.map(() => ({
      messageRefs: [] as TrackerRef[],
      insightRefs: [] as TrackerInsightRef[],
    })),
  );
  for (const tracked of texts) {
    for (const hit of tracked.hits) {
      const vocabularyIndex = definitions[hit.tracker]?.vocabulary.indexOf(hit.value) ?? -1;
      const slot = refs[hit.tracker]?.[vocabularyIndex];
      if (slot === undefined) continue;
      if (tracked.type === undefined)
        slot.messageRefs.push({ id: tracked.id, text: tracked.text, offset: hit.offset });
      else
        slot.insightRefs.push({ id: tracked.id, type: tracked.type, text: tracked.text, offset: hit.offset });
    }
  }
  const results: EngineTrackerResult[] = [];
  definitions.forEach((definition, t) => {
    const matches = definition.vocabulary.flatMap((value, v) => {
      const slot = refs[t]?.[v];
      if (slot === undefined || (slot.messageRefs.length === 0 && slot.insightRefs.length === 0)) return [];
      return [{ type: 'vocabulary' as const, value, ...slot }];
    });
    if (matches.length === 0) return;
    results.push({
      ...(definition.id === undefined ? {} : { id: definition.id }),
      name: definition.name,
      matches,
    });
  });
  return results;
}

/**
 * Trackers detected in a conversation: each vocabulary phrase matched exactly (character offset)
 * or by inflection/paraphrase (offset -1) in messages and in insights.
 * @throws ValidationError for a tracker without name or with an empty phrase.
 */
export function matchTrackers(
  messages: readonly EngineMessage[],
  trackers: readonly TrackerDefinition[],
  insights: ReadonlyArray<{ id: string; type: string; text: string }> = [],
): EngineTrackerResult[] {
  const matcher = new TrackerMatcher(trackers);
  const texts: TrackedText[] = [
    ...messages.map((m) => ({ id: m.id, text: m.text, hits: matcher.match(m.text) })),
    ...insights.map((i) => ({ id: i.id, text: i.text, type: i.type, hits: matcher.match(i.text) })),
  ];
  return assembleTrackers(trackers, texts);
}

import { z } from 'zod';
import { IsoDateTime } from './conversationCommon.ts';
import { idString } from './lenient.ts';

/*
 * GET …/trackers-detected and its legacy alias …/trackers: a bare
 * JSON array of detected trackers, identical on both paths.
 */

/** Character offset of an exact match, or `-1` for a semantic (non-exact) match. */
export const TrackerMatchOffset = z.number().int().min(-1);
export type TrackerMatchOffset = z.infer<typeof TrackerMatchOffset>;

/** A message the tracker matched in. */
export const TrackerMessageRef = z.looseObject({
  id: idString,
  text: z.string(),
  offset: TrackerMatchOffset,
  /** The Go SDK models message times; optional extras. */
  startTime: IsoDateTime.optional(),
  endTime: IsoDateTime.optional(),
});
export type TrackerMessageRef = z.infer<typeof TrackerMessageRef>;

/** An insight (question, action item, …) the tracker matched in. */
export const TrackerInsightRef = z.looseObject({
  id: idString,
  type: z.string().min(1),
  text: z.string(),
  offset: TrackerMatchOffset,
});
export type TrackerInsightRef = z.infer<typeof TrackerInsightRef>;

/**
 * One vocabulary item that matched. `type` is `"vocabulary"` (the only documented value; others
 * are accepted). Missing `insightRefs` reads as `[]`.
 */
export const DetectedTrackerMatch = z.looseObject({
  type: z.string().min(1),
  /** The vocabulary phrase that matched. */
  value: z.string(),
  messageRefs: z.array(TrackerMessageRef),
  insightRefs: z.array(TrackerInsightRef).default([]),
});
export type DetectedTrackerMatch = z.infer<typeof DetectedTrackerMatch>;

/** A tracker with what it detected; `id` is the managed tracker's, or server-assigned. */
export const DetectedTracker = z.looseObject({
  id: idString,
  name: z.string(),
  matches: z.array(DetectedTrackerMatch),
});
export type DetectedTracker = z.infer<typeof DetectedTracker>;

/** The response Parley serves on both paths: a bare array, as documented. */
export const TrackersDetectedResponse = z.array(DetectedTracker);
export type TrackersDetectedResponse = z.infer<typeof TrackersDetectedResponse>;

/**
 * The response as a client accepts it: the documented array, or the single object the Go SDK
 * decodes and a Python SDK fixture mocks, normalised to an array.
 */
export const TrackersDetectedResponseAnyShape = z.union([
  TrackersDetectedResponse,
  DetectedTracker.transform((tracker) => [tracker]),
]);
export type TrackersDetectedResponseAnyShape = z.infer<typeof TrackersDetectedResponseAnyShape>;

import { z } from 'zod';
import { Seconds } from './conversationCommon.ts';
import { idString } from './lenient.ts';

/*
 * GET /v1/conversations/{id}/analytics. Mind the key asymmetry the
 * wire has: metrics use `percent`, member talk/listen time use `percentage`.
 */

/** A percentage, 0–100. */
const Percent = z.number().min(0).max(100);

/**
 * `total_silence` (nobody speaks), `total_talk_time` (someone speaks), `total_overlap` (two or
 * more speak at once).
 */
export const AnalyticsMetricType = z.enum(['total_silence', 'total_talk_time', 'total_overlap']);
export type AnalyticsMetricType = z.infer<typeof AnalyticsMetricType>;

/**
 * A conversation-wide metric. Silence and talk time `percent` are shares of the conversation's
 * duration (they add up to 100); overlap `percent` is a share of the total talk time.
 */
export const AnalyticsMetric = z.looseObject({
  type: AnalyticsMetricType,
  percent: Percent,
  seconds: Seconds,
});
export type AnalyticsMetric = z.infer<typeof AnalyticsMetric>;

/** Talk or listen time of a member: percentage of the total talk time of all members. */
export const MemberTime = z.looseObject({
  percentage: Percent,
  seconds: Seconds,
});
export type MemberTime = z.infer<typeof MemberTime>;

/**
 * Another member this member spoke over. The base of `percent` is undocumented; Parley uses
 * `seconds / overlap.overlapDuration * 100`.
 */
export const OverlappingMember = z.looseObject({
  id: idString,
  name: z.string(),
  userId: z.string().optional(),
  email: z.string().optional(),
  percent: Percent,
  seconds: Seconds,
});
export type OverlappingMember = z.infer<typeof OverlappingMember>;

/** How long a member spoke over others, and over whom. */
export const MemberOverlap = z.looseObject({
  overlapDuration: Seconds,
  overlappingMembers: z.array(OverlappingMember),
});
export type MemberOverlap = z.infer<typeof MemberOverlap>;

/**
 * Per-member analytics. Unidentified speakers are reported as an unknown speaker. `pace.wpm` is
 * words per minute while speaking (Parley emits an integer; any number is accepted).
 * `talkTime.percentage + listenTime.percentage` is 100. `overlap` may be absent for a member who
 * never overlapped anyone.
 */
export const AnalyticsMember = z.looseObject({
  id: idString,
  name: z.string(),
  userId: z.string().optional(),
  email: z.string().optional(),
  pace: z.looseObject({ wpm: z.number().nonnegative() }),
  talkTime: MemberTime,
  listenTime: MemberTime,
  overlap: MemberOverlap.optional(),
});
export type AnalyticsMember = z.infer<typeof AnalyticsMember>;

/** GET …/analytics response. */
export const AnalyticsResponse = z.looseObject({
  metrics: z.array(AnalyticsMetric),
  members: z.array(AnalyticsMember),
});
export type AnalyticsResponse = z.infer<typeof AnalyticsResponse>;

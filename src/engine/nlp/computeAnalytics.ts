import type { EngineMember } from './EngineMember.ts';
import { speakerKey } from './EngineMember.ts';
import type { EngineMessage } from './EngineMessage.ts';

/** A person reference inside analytics (member fields that are known). */
export interface AnalyticsPerson {
  id: string;
  name: string;
  userId?: string;
  email?: string;
}

/** Conversation analytics in the wire shape of `GET …/analytics`. */
export interface EngineAnalytics {
  metrics: Array<{
    type: 'total_silence' | 'total_talk_time' | 'total_overlap';
    percent: number;
    seconds: number;
  }>;
  members: Array<
    AnalyticsPerson & {
      pace: { wpm: number };
      talkTime: { percentage: number; seconds: number };
      listenTime: { percentage: number; seconds: number };
      overlap: {
        overlapDuration: number;
        overlappingMembers: Array<AnalyticsPerson & { percent: number; seconds: number }>;
      };
    }
  >;
}

/** Options for computeAnalytics. */
export interface AnalyticsOptions {
  /**
   * Length of the conversation in seconds from its start (offset 0). Defaults to the end of the
   * last message; silence is everything in [0, duration] nobody speaks in.
   */
  duration?: number;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const percentOf = (part: number, whole: number): number => (whole > 0 ? round3((part / whole) * 100) : 0);

function person(member: EngineMember): AnalyticsPerson {
  return {
    id: member.id,
    name: member.name,
    ...(member.userId === undefined ? {} : { userId: member.userId }),
    ...(member.email === undefined ? {} : { email: member.email }),
  };
}

/** Sorted, merged [start, end] intervals. */
function merge(intervals: Array<[number, number]>): Array<[number, number]> {
  intervals.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function wordCount(message: EngineMessage): number {
  if (message.words.length > 0) return message.words.length;
  return message.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * Talk time, listen time, overlap and pace per member and the conversation metrics, from message
 * timings. A member talks during the union of their messages' [start, end]; total talk time is the
 * union over members, overlap the time two or more talk at once. Percentages follow the documented definitions:
 * silence and talk are shares of the duration, total overlap a share of total talk time, member
 * talk a share of the sum of all members' talk time (listen = 100 - talk), and each overlapping
 * member's percent a share of the member's own overlapDuration.
 */
export function computeAnalytics(
  messages: readonly EngineMessage[],
  members: readonly EngineMember[],
  options: AnalyticsOptions = {},
): EngineAnalytics {
  const byKey = new Map(members.map((member, index) => [member.key, index]));
  // One extra slot past the members gathers speakers nobody registered: they talk all the same.
  const others = members.length;
  const spans = [...members, undefined].map(() => [] as Array<[number, number]>);
  const words = spans.map(() => 0);
  let lastEnd = 0;
  for (const message of messages) {
    const index = byKey.get(speakerKey(message.speaker)) ?? others;
    const start = Number.isFinite(message.start) ? Math.max(0, message.start) : 0;
    const end = Number.isFinite(message.end) ? Math.max(start, message.end) : start;
    lastEnd = Math.max(lastEnd, end);
    spans[index]?.push([start, end]);
    words[index] = (words[index] ?? 0) + wordCount(message);
  }
  const merged = spans.map(merge);
  const talk = merged.map((list) => list.reduce((sum, [s, e]) => sum + (e - s), 0));

  // Sweep over interval boundaries: between two consecutive boundaries the set of talkers is fixed.
  const events: Array<{ at: number; member: number; delta: 1 | -1 }> = [];
  merged.forEach((list, member) => {
    for (const [start, end] of list) {
      if (end <= start) continue;
      events.push({ at: start, member, delta: 1 }, { at: end, member, delta: -1 });
    }
  });
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const active = new Set<number>();
  const overlapOf = spans.map(() => 0);
  const pairwise = spans.map(() => spans.map(() => 0));
  let talkUnion = 0;
  let overlapTotal = 0;
  let previous = 0;
  for (const event of events) {
    const span = event.at - previous;
    if (span > 0 && active.size > 0) {
      talkUnion += span;
      if (active.size > 1) {
        overlapTotal += span;
        for (const a of active) {
          overlapOf[a] = (overlapOf[a] ?? 0) + span;
          for (const b of active) if (a !== b) (pairwise[a] as number[])[b] = (pairwise[a]?.[b] ?? 0) + span;
        }
      }
    }
    previous = event.at;
    if (event.delta === 1) active.add(event.member);
    else active.delete(event.member);
  }

  const duration = Math.max(options.duration ?? lastEnd, talkUnion);
  const talkSum = talk.slice(0, others).reduce((sum, t) => sum + t, 0);
  const silence = Math.max(0, duration - talkUnion);
  return {
    metrics: [
      { type: 'total_silence', percent: percentOf(silence, duration), seconds: round3(silence) },
      { type: 'total_talk_time', percent: percentOf(talkUnion, duration), seconds: round3(talkUnion) },
      { type: 'total_overlap', percent: percentOf(overlapTotal, talkUnion), seconds: round3(overlapTotal) },
    ],
    members: members.map((member, index) => {
      const own = talk[index] ?? 0;
      const talkPercentage = percentOf(own, talkSum);
      const overlapDuration = overlapOf[index] ?? 0;
      return {
        ...person(member),
        // Pace over the talk time as served: a talk time that rounds to 0 s has no pace (and a
        // denormal one would divide into Infinity).
        pace: { wpm: round3(own) > 0 ? Math.round((words[index] ?? 0) / (round3(own) / 60)) : 0 },
        talkTime: { percentage: talkPercentage, seconds: round3(own) },
        listenTime: {
          percentage: talkSum > 0 ? round3(100 - talkPercentage) : 0,
          seconds: round3(talkSum - own),
        },
        overlap: {
          overlapDuration: round3(overlapDuration),
          overlappingMembers: members.flatMap((other, o) => {
            const seconds = pairwise[index]?.[o] ?? 0;
            if (o === index || seconds <= 0) return [];
            return [
              { ...person(other), percent: percentOf(seconds, overlapDuration), seconds: round3(seconds) },
            ];
          }),
        },
      };
    }),
  };
}

import type { EngineSpeaker } from '../../engine/nlp/EngineMessage.ts';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import type { Member } from '../../model/members.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import {
  SpeakerTimelineEvent,
  type SpeakerTimelineUser,
  speakerEventOffsetSeconds,
} from '../../model/speakerEvents.ts';
import type { ReattributionInput } from '../store/StoreRecords.ts';

/** Messages with their speakers rewritten, and the members the conversation has afterwards. */
export interface Reattribution {
  messages: ConversationMessage[];
  /** In order; the engine resolves every message's `from` against these. */
  members: EngineSpeaker[];
}

/**
 * Applies a member update or a speaker timeline to stored messages.
 * `members` are the conversation's members as stored (`{id, name, email?}`); `startMs` is when
 * offset 0 of the conversation is.
 * @throws NotFoundError when a member update names a member the conversation does not have.
 */
export function reattributeMessages(
  input: ReattributionInput,
  messages: readonly ConversationMessage[],
  members: readonly unknown[],
  startMs: number,
): Reattribution {
  const current = members.map(asMember);
  if (input.type === 'member-update') {
    const plan = planMemberUpdate(current, input.memberId, input);
    return {
      members: plan.members,
      messages: messages.map((m) =>
        m.from.id !== undefined && plan.replaced.has(m.from.id) ? { ...m, from: { ...plan.member } } : m,
      ),
    };
  }
  return applySpeakerEvents(input.speakerEvents, messages, current, startMs);
}

/** What a member update does: the member every reference ends on, and the members afterwards. */
export interface MemberUpdatePlan {
  /** The updated member (the existing member with that email, when merged). */
  member: Member;
  /** Member ids whose references become `member`. */
  replaced: Set<string>;
  /** Id of the member that disappears into `member`, when the update merges two. */
  mergedFrom?: string;
  members: Member[];
}

/**
 * PUT …/members/{memberId}: the member gets the new name and email; when another member already
 * has that email (case-insensitive), the two are merged into that existing member, which keeps
 * its id and takes the new name, and `{memberId}` disappears.
 * @throws NotFoundError for an unknown member id.
 */
export function planMemberUpdate(
  members: readonly Member[],
  memberId: string,
  update: { name: string; email?: string | undefined },
): MemberUpdatePlan {
  const member = members.find((m) => m.id === memberId);
  if (member === undefined) {
    throw new NotFoundError(`Member with id: ${memberId} does not exist in this conversation.`);
  }
  const email = update.email?.trim();
  const target =
    email === undefined
      ? undefined
      : members.find((m) => m.id !== memberId && m.email?.toLowerCase() === email.toLowerCase());
  if (target !== undefined) {
    const merged: Member = {
      id: target.id,
      name: update.name,
      ...(target.email ? { email: target.email } : {}),
    };
    return {
      member: merged,
      replaced: new Set([memberId, target.id]),
      mergedFrom: memberId,
      members: members.filter((m) => m.id !== memberId).map((m) => (m.id === target.id ? merged : m)),
    };
  }
  const updated: Member = {
    id: memberId,
    name: update.name,
    ...((email ?? member.email) === undefined ? {} : { email: email ?? member.email }),
  };
  return {
    member: updated,
    replaced: new Set([memberId]),
    members: members.map((m) => (m.id === memberId ? updated : m)),
  };
}

interface Speaking {
  user: SpeakerTimelineUser;
  intervals: Array<[number, number]>;
}

/**
 * PUT …/speakers: events sorted by offset become speaking intervals per user (a start without a
 * stop lasts to the end; a stop without a start counts from 0). Each message goes to the user
 * whose intervals cover most of it (a message without duration: whose interval contains it);
 * messages nobody covers keep their speaker. Users are matched to members by id, then email;
 * unknown users become new members. Members who neither appear in the timeline nor keep a message
 * are dropped (the timeline replaced them, e.g. diarized "Speaker 2").
 */
function applySpeakerEvents(
  rawEvents: readonly unknown[],
  messages: readonly ConversationMessage[],
  members: readonly Member[],
  startMs: number,
): Reattribution {
  const events = rawEvents
    .map((e) => parse(SpeakerTimelineEvent, e, 'speaker event'))
    .map((e, order) => ({ ...e, at: speakerEventOffsetSeconds(e.offset), order }))
    .sort((a, b) => a.at - b.at || a.order - b.order);
  const speaking = new Map<string, Speaking>();
  const open = new Map<string, number>();
  for (const event of events) {
    const entry = speaking.get(event.user.id) ?? { user: event.user, intervals: [] };
    entry.user = { ...entry.user, ...definedFields(event.user) };
    speaking.set(event.user.id, entry);
    if (event.type === 'started_speaking') {
      if (!open.has(event.user.id)) open.set(event.user.id, event.at);
    } else {
      entry.intervals.push([open.get(event.user.id) ?? 0, event.at]);
      open.delete(event.user.id);
    }
  }
  for (const [id, from] of open) speaking.get(id)!.intervals.push([from, Number.POSITIVE_INFINITY]);

  // Who each timeline user is in the conversation: an existing member, or a new speaker.
  const speakerOf = new Map<string, EngineSpeaker>();
  const updatedMembers = new Map<string, Member>();
  for (const [id, { user }] of speaking) {
    const existing =
      members.find((m) => m.id === id) ??
      (user.email === undefined
        ? undefined
        : members.find((m) => m.email?.toLowerCase() === user.email!.toLowerCase()));
    if (existing !== undefined) {
      const member: Member = {
        id: existing.id,
        name: user.name ?? existing.name,
        ...((user.email ?? existing.email) === undefined ? {} : { email: user.email ?? existing.email }),
      };
      updatedMembers.set(existing.id, member);
      speakerOf.set(id, member);
    } else {
      speakerOf.set(id, { id, ...definedFields({ name: user.name, email: user.email }) });
    }
  }

  const seconds = (iso: string) => Math.max(0, (Date.parse(iso) - startMs) / 1000);
  const rewritten = messages.map((message) => {
    const start = seconds(message.startTime);
    const end = Math.max(start, seconds(message.endTime));
    let best: { id: string; covered: number } | undefined;
    for (const [id, { intervals }] of speaking) {
      const covered = intervals.reduce((sum, [from, to]) => {
        if (end === start) return from <= start && start <= to ? 1 : sum;
        return sum + Math.max(0, Math.min(end, to) - Math.max(start, from));
      }, 0);
      if (covered > 0 && (best === undefined || covered > best.covered)) best = { id, covered };
    }
    if (best === undefined) return message;
    return { ...message, from: { ...speakerOf.get(best.id)! } };
  });

  const speakingIds = new Set(rewritten.map((m) => m.from.id).filter((id) => id !== undefined));
  const timelineMemberIds = new Set([...speakerOf.values()].map((s) => s.id));
  const kept: EngineSpeaker[] = members
    .filter((m) => timelineMemberIds.has(m.id) || speakingIds.has(m.id))
    .map((m) => updatedMembers.get(m.id) ?? m);
  const added = [...speakerOf.values()].filter((s) => !members.some((m) => m.id === s.id));
  return { messages: rewritten, members: [...kept, ...added] };
}

function asMember(value: unknown): Member {
  const { id, name, email } = (value ?? {}) as Record<string, unknown>;
  return {
    id: String(id),
    name: typeof name === 'string' ? name : '',
    ...(typeof email === 'string' ? { email } : {}),
  };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import type { EngineMember } from '../nlp/EngineMember.ts';
import { speakerKey } from '../nlp/EngineMember.ts';
import type { EngineSpeaker } from '../nlp/EngineMessage.ts';
import { deterministicUuid } from './deterministicId.ts';

/** A member as the registry keeps it: the wire person plus how to recognise its speaker. */
export interface RegisteredMember extends EngineMember {
  /** The speaker object analyzers see for this member: its member id, name, email, userId. */
  speaker: EngineSpeaker;
  /** The stand-in for speakers with no identity: counted in analytics, not listed as a member. */
  unknown: boolean;
}

/**
 * The members of one conversation, in order of first appearance. A speaker is the member whose
 * id, email, userId or name (case-insensitive, in that order) it shares (a speaker whose id is a
 * member id, a UUID, only by that id); otherwise it joins as a new member with a UUID derived from the conversation id and its key. Unnamed speakers are
 * "Speaker <n>"; a speaker with no identity at all maps to one "Unknown Speaker" that is kept out
 * of the member list but counted in analytics.
 */
export class MemberRegistry {
  readonly #members: RegisteredMember[] = [];
  readonly #byIdentity = new Map<string, RegisteredMember>();
  readonly #conversationId: string;

  constructor(conversationId: string, known: readonly EngineSpeaker[] = []) {
    this.#conversationId = conversationId;
    for (const speaker of known) this.resolve(speaker);
  }

  /** Members who can be named (unknown speaker excluded), in order of appearance. */
  get members(): readonly RegisteredMember[] {
    return this.#members.filter((m) => !m.unknown);
  }

  /** Every member including the unknown speaker, for analytics. */
  get all(): readonly RegisteredMember[] {
    return this.#members;
  }

  /** Names of members, to capitalise them in restored text. */
  names(): string[] {
    return this.members.map((m) => m.name);
  }

  /** The member a speaker is, registering it when new; `created` tells whether it just joined. */
  resolve(speaker: EngineSpeaker | undefined): { member: RegisteredMember; created: boolean } {
    const identities = identitiesOf(speaker);
    // A speaker carrying a member id is that member: never folded into another by name or email.
    const memberId = speaker?.id !== undefined && isUuid(speaker.id) ? identities[0] : undefined;
    for (const identity of memberId === undefined ? identities : [memberId]) {
      const found = this.#byIdentity.get(identity);
      if (found !== undefined) {
        this.#learn(found, speaker, identities);
        return { member: found, created: false };
      }
    }
    const unknown = identities.length === 0;
    const existing = unknown ? this.#members.find((m) => m.unknown) : undefined;
    if (existing !== undefined) return { member: existing, created: false };
    const key = identities[0] ?? 'unknown';
    const id =
      speaker?.id !== undefined && isUuid(speaker.id)
        ? speaker.id
        : deterministicUuid(this.#conversationId, 'member', key);
    const name = unknown
      ? 'Unknown Speaker'
      : (speaker?.name ?? `Speaker ${this.#members.filter((m) => !m.unknown).length + 1}`);
    const member: RegisteredMember = { id, name, key: speakerKey({ id }), speaker: { id, name }, unknown };
    this.#members.push(member);
    this.#learn(member, speaker, identities);
    return { member, created: !unknown };
  }

  /** Fill in email/userId learned later and index every identity of the speaker. */
  #learn(member: RegisteredMember, speaker: EngineSpeaker | undefined, identities: readonly string[]): void {
    if (speaker?.email !== undefined && member.email === undefined) {
      member.email = speaker.email;
      member.speaker.email = speaker.email;
    }
    if (speaker?.userId !== undefined && member.userId === undefined) {
      member.userId = speaker.userId;
      member.speaker.userId = speaker.userId;
    }
    for (const identity of identities)
      if (!this.#byIdentity.has(identity)) this.#byIdentity.set(identity, member);
  }
}

function identitiesOf(speaker: EngineSpeaker | undefined): string[] {
  if (speaker === undefined) return [];
  const out: string[] = [];
  const add = (kind: string, value: string | undefined): void => {
    const trimmed = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (trimmed !== '') out.push(`${kind}:${trimmed}`);
  };
  add('id', speaker.id);
  add('email', speaker.email);
  add('userId', speaker.userId);
  add('email', speaker.userId);
  add('name', speaker.name);
  return out;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

import type { EngineSpeaker } from './EngineMessage.ts';

/** A conversation member as the analyzers see it: a speaker with a member id. */
export interface EngineMember {
  /** Member id (UUID on the wire). */
  id: string;
  /** Display name; "Speaker <n>" when the speaker is unnamed. */
  name: string;
  email?: string | undefined;
  userId?: string | undefined;
  /** speakerKey() of the speaker this member stands for. */
  key: string;
}

/**
 * Identity of a speaker inside one conversation: its id, else email, userId or name (lower-cased
 * so "Ana" and "ana" are one person), else "" for an unidentified speaker.
 */
export function speakerKey(speaker: EngineSpeaker | undefined): string {
  if (speaker === undefined) return '';
  const key = speaker.id ?? speaker.email ?? speaker.userId ?? speaker.name ?? '';
  return key.trim().toLowerCase();
}

/**
 * Shapes the nlp analyzers return: the Conversation API's objects (person, phrase, insight entity,
 * question, action item, follow-up, entity) with engine conventions: message ids refer to EngineMessage ids, times stay in seconds
 * and the aggregate turns them into ISO strings.
 */

/** The wire's person object: only the fields that are known; `{}` when nobody is identified. */
export interface InsightPerson {
  id?: string;
  name?: string;
  email?: string;
  userId?: string;
}

/** `action_phrase`: the actionable part of a sentence. */
export interface InsightPhrase {
  type: 'action_phrase';
  text: string;
}

/** An entity span inside an insight's text. */
export interface InsightEntity {
  type: string;
  text: string;
  offset: number;
  value?: string | number | { name: string; assignee?: boolean; id?: string; userId?: string };
  start?: string;
  end?: string;
}

/** A question. */
export interface EngineQuestion {
  id: string;
  text: string;
  type: 'question';
  score: number;
  messageIds: string[];
  from: InsightPerson;
}

/**
 * An action item or follow-up; `dueBy` is an ISO time with the offset of the conversation's zone
 * (`2026-12-11T00:00:00.000+01:00`, or `…Z` in UTC).
 */
export interface EngineActionItem {
  id: string;
  text: string;
  type: 'action_item' | 'follow_up';
  score: number;
  messageIds: string[];
  entities: InsightEntity[];
  phrases: InsightPhrase[];
  from: InsightPerson;
  definitive: boolean;
  assignee: InsightPerson;
  dueBy?: string;
  /** True when the item is about following up (email, call, meeting, getting back to someone). */
  isFollowUp: boolean;
}

/** One occurrence of an entity in a message. */
export interface EntityMessageRef {
  id: string;
  text: string;
  offset: number;
}

/** A conversation-level entity: one per distinct (type, value), all occurrences in messageRefs. */
export interface EngineEntity {
  type: string;
  customType?: string;
  value?: string;
  text: string;
  start?: string;
  end?: string;
  messageRefs: EntityMessageRef[];
}

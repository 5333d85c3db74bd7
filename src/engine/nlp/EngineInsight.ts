/**
 * Shapes the nlp analyzers return: the spec's wire objects (conversation-api.md sections 1.3-1.6,
 * 8-10, 15) with engine conventions: message ids refer to EngineMessage ids, times stay in seconds
 * and the aggregate turns them into ISO strings.
 */

/** Person object (spec 1.3): only the fields that are known; `{}` when nobody is identified. */
export interface InsightPerson {
  id?: string;
  name?: string;
  email?: string;
  userId?: string;
}

/** `action_phrase`: the actionable part of a sentence (spec 1.6). */
export interface InsightPhrase {
  type: 'action_phrase';
  text: string;
}

/** An entity span inside an insight's text (spec 1.5). */
export interface InsightEntity {
  type: string;
  text: string;
  offset: number;
  value?: string | number | { name: string; assignee?: boolean; id?: string; userId?: string };
  start?: string;
  end?: string;
}

/** A question (spec 8). */
export interface EngineQuestion {
  id: string;
  text: string;
  type: 'question';
  score: number;
  messageIds: string[];
  from: InsightPerson;
}

/**
 * An action item or follow-up (spec 9 and 10); `dueBy` is an ISO time with the offset of the
 * conversation's zone (`2026-12-11T00:00:00.000+01:00`, or `…Z` in UTC).
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

/** One occurrence of an entity in a message (spec 15.1). */
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

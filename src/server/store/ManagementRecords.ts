/*
 * Rows of the smaller Management API families: conversation groups, bookmarks and managed entity
 * definitions. Each belongs to exactly one app; a bookmark also to one conversation of that app
 * and goes when the conversation goes.
 */

/** A conversation group: a name and the metadata criteria its conversations match. */
export interface GroupRecord {
  id: string;
  appId: string;
  name: string;
  description?: string;
  /** RSQL over conversation metadata, as the caller wrote it. */
  criteria: string;
  createdAt: string;
  updatedAt: string;
}

/** Who made a bookmark. */
export interface BookmarkUser {
  name?: string | undefined;
  userId?: string | undefined;
  email?: string | undefined;
}

/** A labelled span of one conversation. */
export interface BookmarkRecord {
  id: string;
  appId: string;
  conversationId: string;
  label: string;
  description: string;
  user: BookmarkUser;
  /** Seconds from the conversation's start. */
  beginTimeOffset: number;
  /** Seconds. */
  duration: number;
  /** Messages of the conversation the bookmark covers, in the caller's order. */
  messageRefs: Array<{ id: string }>;
  createdAt: string;
  updatedAt: string;
}

/** A managed entity definition: the values that make up a custom `type` / `subType`. */
export interface EntityDefinitionRecord {
  id: string;
  appId: string;
  type: string;
  subType: string;
  category: string;
  values: string[];
  createdAt: string;
  updatedAt: string;
}

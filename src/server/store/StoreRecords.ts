import type { JobProgress } from '../../model/job.ts';

/*
 * Rows the store keeps. Wire objects (messages, insights, members) are stored as the JSON the
 * Conversation API serves, so the store needs no knowledge of their fields and a PostgreSQL
 * implementation can keep them in jsonb columns.
 */

import type { JobState } from '../../model/job.ts';

/** An application allowed to get tokens. The secret is kept only as a salted scrypt hash. */
export interface AppRecord {
  appId: string;
  secretHash: string;
  createdAt: string;
}

/** A conversation, owned by exactly one app. */
export interface ConversationRecord {
  id: string;
  appId: string;
  type: string;
  name: string;
  /** ISO times; undefined until a job has produced messages. */
  startTime?: string;
  endTime?: string;
  /** Members as served by the Conversation API (`{id, name, email?}`). */
  members: unknown[];
  metadata: Record<string, string>;
  createdAt: string;
}

/** A message as served by `GET .../messages`, plus the job that wrote it. */
export interface MessageRecord {
  conversationId: string;
  jobId: string;
  /** Position in the conversation, 0-based, across appends. */
  seq: number;
  /** The wire message object (has `id`). */
  body: Record<string, unknown>;
}

/** Insight families kept per conversation; each is recomputed as a whole by a job. */
export type InsightKind =
  | 'topic'
  | 'question'
  | 'action_item'
  | 'follow_up'
  | 'entity'
  | 'tracker'
  | 'analytics'
  | 'summary';

/** One insight object as served by the Conversation API. */
export interface InsightRecord {
  conversationId: string;
  kind: InsightKind;
  seq: number;
  body: Record<string, unknown>;
}

/** What a job processes: submitted text messages, or media bytes stored under the data dir. */
export type JobInput =
  | { type: 'text'; messages: unknown[] }
  | {
      type: 'media';
      path: string;
      contentType?: string;
      media: 'audio' | 'video';
      /** Longest audio the job may process (ServerLimits.maxMediaSeconds when it was submitted). */
      maxSeconds?: number;
      /** Keep the file once the job has completed (for the conversation page's player). */
      keep?: boolean;
    }
  | ReattributionInput;

/**
 * A change of who said what, applied by a job of its own so it runs in order with the
 * conversation's other jobs and survives a restart: a member update (with merge when the email
 * belongs to another member), or a speaker timeline that re-attributes messages by time.
 */
export type ReattributionInput =
  | { type: 'member-update'; memberId: string; name: string; email?: string }
  | { type: 'speaker-events'; speakerEvents: unknown[] };

/** A durable job. `leaseOwner`/`leaseExpiresAt` are set while a worker holds it. */
export interface JobRecord {
  id: string;
  appId: string;
  conversationId: string;
  /** Monotonic submission order; jobs of one conversation run in this order. */
  seq: number;
  status: JobState;
  /** True when the job appends to an existing conversation (PUT). */
  append: boolean;
  input: JobInput;
  /** Normalised submit options (name, confidenceThreshold, trackers, ...). */
  options: Record<string, unknown>;
  webhookUrl?: string;
  error?: string;
  /** How far the worker holding the job has come (in progress only; the last report). */
  progress?: JobProgress;
  attempts: number;
  leaseOwner?: string;
  /** Epoch milliseconds. */
  leaseExpiresAt?: number;
  createdAt: string;
  updatedAt: string;
}

/** A tracker stored with the tracker management API. */
export interface TrackerRecord {
  id: string;
  appId: string;
  name: string;
  vocabulary: string[];
  /** Fields of the Go SDK's generation, kept when a client sets them. */
  description?: string;
  categories?: string[];
  languages?: string[];
  createdAt: string;
  updatedAt: string;
}

/** What a finished job writes, atomically with its completion. */
export interface JobOutcome {
  /** New messages, appended after the conversation's existing ones; each body has an `id`. */
  messages: Record<string, unknown>[];
  /**
   * New bodies for messages already stored (matched by `id` within the conversation; position
   * and owning job unchanged): what a re-attribution job writes.
   */
  updatedMessages?: Record<string, unknown>[];
  /** Insight families to replace as a whole (families not listed are kept). */
  insights?: Partial<Record<InsightKind, Record<string, unknown>[]>> | undefined;
  /** Conversation fields the job determined. */
  conversation?: { startTime?: string; endTime?: string; members?: unknown[] };
}

/** Query of `GET /v1/conversations` after validation. */
export interface ConversationListQuery {
  limit: number;
  offset: number;
  order: 'asc' | 'desc';
  sort: 'startTime' | 'name' | 'endTime';
  startTime?: string;
  endTime?: string;
  /** Equality filters on metadata keys (`conversation.metadata.agentId==x`). */
  metadata?: Record<string, string>;
}

/** What a node of a deployment does: API (requests and live sessions), jobs, or both. */
export type NodeRole = 'api' | 'worker' | 'all';

/** One `parley serve` process of a deployment, as the others see it. */
export interface NodeRecord {
  id: string;
  /** Base URL the other nodes reach it at (live sessions are forwarded there). */
  url: string;
  role: NodeRole;
  /** The media directory as this node names it: every node must name the same shared one. */
  mediaDir: string;
  /** A random token this node wrote into the media directory, for the others to find there. */
  mediaProbe: string;
  startedAt: string;
}

/** Which node holds a live session (a streaming connection or a telephony call). */
export interface LiveSessionOwner {
  nodeId: string;
  /** The owner's base URL. */
  url: string;
  kind: LiveSessionKind;
}

/** The two kinds of live session a client can name by id. */
export type LiveSessionKind = 'streaming' | 'telephony';

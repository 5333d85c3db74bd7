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
  /**
   * Counts the app's secrets: 1 for the first, one more each time the secret changes. Tokens carry
   * the version they were issued under, so a new secret revokes the old secret's tokens.
   */
  secretVersion: number;
  /**
   * The app's webhook signing key, sealed with the server key (never stored in the clear); absent
   * until the server has seen the secret it is derived from.
   */
  webhookKey?: string;
  createdAt: string;
}

/** An app to register: its secret (hashed), and the webhook key derived from it (sealed). */
export type NewApp = Omit<AppRecord, 'secretVersion'>;

/** A conversation, owned by exactly one app. */
export interface ConversationRecord {
  id: string;
  appId: string;
  type: string;
  name: string;
  /** ISO times; undefined until a job has produced messages. */
  startTime?: string;
  endTime?: string;
  /**
   * The zone its people live in, where relative dates resolve (`Europe/Berlin`, `UTC`,
   * `-08:00`): set when it is created (the request's zone, else the server's default) and by
   * any later submission that names one. Undefined for conversations stored before zones were.
   */
  timeZone?: string;
  /** Members as served by the Conversation API (`{id, name, email?}`). */
  members: unknown[];
  metadata: Record<string, string>;
  createdAt: string;
  /**
   * Moves whenever any of the conversation's messages is added, changed or removed (by any
   * process), so a reader can tell a list it built earlier is still current. Set by the store on
   * the records it returns; ignored on the records it is given.
   */
  messagesVersion?: number;
}

/** Which of a conversation's messages {@link Store.listMessages} reads, and what of each. */
export interface MessagePage {
  /** Only messages after this position (default: from the first). */
  afterSeq?: number;
  /** At most this many (default: all). */
  limit?: number;
  /** Body fields to leave out. */
  omit?: readonly OmittableMessageField[];
}

/** The message body fields a reader may leave unread: the bulky ones served only on request. */
export type OmittableMessageField = 'words' | 'sentiment';

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

/** Where a webhook delivery stands: retried while `pending`; `delivered` and `failed` are final. */
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

/**
 * One webhook event to deliver: what a job status change sends to the job's `webhookUrl`. Written
 * by the store in the same transaction as the change itself, so no change is ever without its
 * delivery; retried until a 2xx or until the retry schedule ends (at least once: the same `id` may
 * arrive twice, and receivers deduplicate by it).
 */
export interface WebhookDeliveryRecord {
  /** Delivery id (UUID): the `webhook-id` header; the same on every attempt. */
  id: string;
  appId: string;
  jobId: string;
  url: string;
  /** The JSON body: `{jobId, status, conversationId}`. */
  payload: { jobId: string; status: JobState; conversationId: string };
  state: WebhookDeliveryState;
  /** Attempts made so far (counted when claimed). */
  attempts: number;
  /** Epoch ms before which it is not tried again. */
  nextAttemptAt: number;
  lastError?: string;
  createdAt: string;
}

/** How a claimed delivery ended: delivered, to be tried again at `nextAttemptAt`, or given up. */
export type WebhookSettlement =
  | { state: 'delivered' }
  | { state: 'pending'; nextAttemptAt: number; error: string }
  | { state: 'failed'; error: string };

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
  conversation?: { startTime?: string; endTime?: string; members?: unknown[]; timeZone?: string };
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

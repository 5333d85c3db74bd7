import type { Observable } from 'rxjs';
import type { JobProgress } from '../../model/job.ts';
import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import type {
  AppRecord,
  ConversationListQuery,
  ConversationRecord,
  InsightKind,
  InsightRecord,
  JobOutcome,
  JobRecord,
  LiveSessionKind,
  LiveSessionOwner,
  MessagePage,
  MessageRecord,
  NewApp,
  NodeRecord,
  TrackerRecord,
  WebhookDeliveryRecord,
  WebhookSettlement,
} from './StoreRecords.ts';

/** A new job, optionally with the conversation it creates (POST) in the same transaction. */
export interface NewJob {
  job: Omit<
    JobRecord,
    'seq' | 'status' | 'attempts' | 'createdAt' | 'updatedAt' | 'leaseOwner' | 'leaseExpiresAt' | 'progress'
  >;
  createConversation?: ConversationRecord;
  /** Refuse (RateLimitError) when the app already has this many unfinished jobs. */
  maxActiveJobsPerApp: number;
}

/**
 * Everything the server persists, and what the nodes of one deployment share. Asynchronous so that
 * a networked implementation (PostgreSQL) can satisfy it; every method that changes several rows
 * is one transaction, and every promise holds when several processes use the same store at once.
 * Conversation reads take the caller's `appId`: another app's conversation does not exist for it.
 * Times given as `now` default to the store's clock (the database's, when there is one), so that
 * the leases of nodes whose clocks differ are compared on one clock.
 */
export interface Store {
  /** `sqlite` (one file, processes of one machine) or `postgres` (nodes of many machines). */
  readonly dialect: 'sqlite' | 'postgres';

  // apps and server settings
  getApp(appId: string): Promise<AppRecord | undefined>;
  /**
   * Registers the app, or gives it a new secret: when `secretHash` differs from the stored one,
   * `secretVersion` goes up by one in the same statement (revoking the old secret's tokens on
   * every node) and the webhook key is replaced by `webhookKey` (or cleared without one).
   * Registering the same hash again changes nothing. Returns the app as stored.
   */
  putApp(app: NewApp): Promise<AppRecord>;
  /**
   * Sets the app's sealed webhook key, only while its secret is still version `secretVersion`
   * (a key derived from an older secret never overwrites a newer one's). False otherwise.
   */
  setAppWebhookKey(appId: string, secretVersion: number, webhookKey: string): Promise<boolean>;
  listApps(): Promise<AppRecord[]>;
  getSetting(key: string): Promise<string | undefined>;
  /** Sets `key` unless already set; returns the value that is now stored (first writer wins). */
  initSetting(key: string, value: string): Promise<string>;

  // conversations
  getConversation(appId: string, id: string): Promise<ConversationRecord | undefined>;
  listConversations(appId: string, query: ConversationListQuery): Promise<ConversationRecord[]>;
  updateConversationMetadata(
    appId: string,
    id: string,
    metadata: Record<string, string>,
  ): Promise<ConversationRecord | undefined>;
  /** Removes the conversation and everything under it; false when it did not exist for `appId`. */
  deleteConversation(appId: string, id: string): Promise<boolean>;
  /**
   * The conversation's messages in order; with `page`, at most `limit` of them after position
   * `afterSeq` (so a long conversation is read a page at a time, each page one short query), and
   * without the body fields named in `omit` (left out where they are stored, so a reader that does
   * not serve a message's words does not pay for reading them).
   */
  listMessages(conversationId: string, page?: MessagePage): Promise<MessageRecord[]>;
  listInsights(conversationId: string, kinds?: readonly InsightKind[]): Promise<InsightRecord[]>;

  // jobs
  /**
   * Inserts the job (and conversation); throws RateLimitError past the per-app limit. With a
   * `webhookUrl`, its `scheduled` webhook delivery is written in the same transaction (as every
   * later status change's is: see {@link claimWebhookDelivery}).
   */
  enqueueJob(request: NewJob): Promise<JobRecord>;
  getJob(appId: string, jobId: string): Promise<JobRecord | undefined>;
  /**
   * Takes the oldest runnable job: scheduled, or in progress with an expired lease (its worker
   * died), and not behind an unfinished earlier job of the same conversation. Sets it in
   * progress under `owner` until `now + leaseMs` and counts the attempt; the first claim writes
   * the `in_progress` webhook delivery. A job that has already been attempted `maxAttempts` times
   * (each attempt ended by a crash, since a hand-back does not count) is failed instead, in the
   * same transaction, and the next runnable job is taken.
   */
  claimJob(
    owner: string,
    leaseMs: number,
    now?: number,
    maxAttempts?: number,
  ): Promise<JobRecord | undefined>;
  /**
   * Stores how far the job has come, only while `owner` holds it; false (nothing written)
   * otherwise. A claim starts with no progress, and a finished job keeps none.
   */
  recordJobProgress(jobId: string, owner: string, progress: JobProgress): Promise<boolean>;
  /** Extends the lease; false when `owner` no longer holds the job. */
  renewLease(jobId: string, owner: string, leaseMs: number, now?: number): Promise<boolean>;
  /**
   * Gives the job back (e.g. on graceful shutdown): it stays `in_progress` for clients (the
   * lifecycle never goes backwards) but its lease is over, so any worker may claim it at once.
   * The attempt it was on is not counted (it was not a failure).
   */
  releaseJob(jobId: string, owner: string): Promise<boolean>;
  /** Distinct owners holding a lease now (on a job or a webhook delivery), expired or not. */
  listLeaseOwners(): Promise<string[]>;
  /**
   * Ends every lease `owner` holds, at once (jobs and webhook deliveries): for a process known to
   * be dead, so its work is taken back without waiting for the leases to run out. Returns how many
   * leases ended. Attempts stay counted.
   */
  expireLeases(owner: string): Promise<number>;
  /**
   * Writes the outcome and marks the job completed in one transaction, only while `owner` still
   * holds the lease; false (nothing written) otherwise. Messages are keyed by job, so a job that
   * ran twice never leaves duplicates. The `completed` webhook delivery is written with it.
   */
  completeJob(jobId: string, owner: string, outcome: JobOutcome): Promise<boolean>;
  /** Marks the job failed with a reason (and writes its webhook delivery), only while `owner` holds it. */
  failJob(jobId: string, owner: string, reason: string): Promise<boolean>;
  countActiveJobs(appId?: string): Promise<number>;
  /**
   * The stored media files still needed (`JobInput.path`): those of unfinished jobs, and those
   * completed jobs keep for their conversation's page.
   */
  listNeededMediaPaths(): Promise<string[]>;
  /**
   * Emits when a job may have become claimable: submitted, handed back, or unblocked because the
   * job before it in its conversation ended, or leases taken from a dead process. With PostgreSQL this covers every node of the
   * deployment (LISTEN/NOTIFY); with SQLite, this process only. Expired leases emit nothing (the
   * queue's poll finds them). Cold: listening starts on subscribe and ends on unsubscribe.
   */
  jobWakeups(): Observable<void>;
  /** Every job of a conversation, in submission order (appends replay the earlier ones). */
  listConversationJobs(conversationId: string): Promise<JobRecord[]>;

  // Live sessions persist without a job.
  /**
   * Writes what a live (streaming) conversation holds now, in one transaction: creates the
   * conversation when missing, replaces the messages an earlier call wrote under `writerId` and
   * the insight families listed in `outcome`, and updates name, times, members and time zone. False (nothing
   * written) when the id belongs to another app.
   */
  saveLiveConversation(
    conversation: ConversationRecord,
    outcome: JobOutcome,
    writerId: string,
  ): Promise<boolean>;

  /**
   * Adds messages a live conversation has just produced, after those `writerId` already wrote, in
   * one short transaction (the conversation row is created when missing): called for every final
   * before it is sent, so a crash loses no final a client saw. A later
   * {@link saveLiveConversation} with the same writer replaces them all. False (nothing written)
   * when the id belongs to another app.
   */
  appendLiveMessages(
    conversation: ConversationRecord,
    messages: readonly Record<string, unknown>[],
    writerId: string,
  ): Promise<boolean>;

  // webhook deliveries (written by the job methods above, with the status change they report)
  /**
   * Takes the oldest delivery that is pending, due (`nextAttemptAt <= now`) and not leased, and
   * not behind a pending earlier delivery of the same job (a job's events arrive in order), under
   * `owner` until `now + leaseMs`, counting the attempt.
   */
  claimWebhookDelivery(
    owner: string,
    leaseMs: number,
    now?: number,
  ): Promise<WebhookDeliveryRecord | undefined>;
  /** Records how a claimed delivery ended and ends its lease; false when `owner` no longer holds it. */
  settleWebhookDelivery(id: string, owner: string, settlement: WebhookSettlement): Promise<boolean>;
  /** A job's deliveries in the order they were written. */
  listWebhookDeliveries(appId: string, jobId: string): Promise<WebhookDeliveryRecord[]>;

  // request rate (shared by every node on the store)
  /**
   * Adds `added` requests of `appId` to the window starting at `windowStart` (epoch ms) and returns
   * the window's total over every node, in one atomic statement. Windows older than the previous
   * one are forgotten.
   */
  countRequests(appId: string, windowStart: number, added: number): Promise<number>;

  // trackers (management API)
  /**
   * Inserts or updates (by id) one tracker.
   * @throws ConflictError when another tracker of the app already has its name.
   */
  putTracker(tracker: TrackerRecord): Promise<void>;
  /** {@link putTracker} for several trackers in one transaction: all are stored, or none. */
  putTrackers(trackers: readonly TrackerRecord[]): Promise<void>;
  getTracker(appId: string, id: string): Promise<TrackerRecord | undefined>;
  listTrackers(appId: string): Promise<TrackerRecord[]>;
  deleteTracker(appId: string, id: string): Promise<boolean>;

  // conversation groups (management API)
  /**
   * Inserts the groups, or updates those whose id exists for the same app, in one transaction:
   * all are stored, or none. Names need not be unique.
   */
  putGroups(groups: readonly GroupRecord[]): Promise<void>;
  /** The group `id` of `appId`; another app's group does not exist for it. */
  getGroup(appId: string, id: string): Promise<GroupRecord | undefined>;
  /** Every group of the app, oldest first. */
  listGroups(appId: string): Promise<GroupRecord[]>;
  /** False when the group did not exist for `appId`. */
  deleteGroup(appId: string, id: string): Promise<boolean>;

  // bookmarks of a conversation
  /**
   * Inserts the bookmark, or updates it when its id exists under the same app and conversation.
   * The conversation must be the app's (a bookmark never outlives its conversation: deleting the
   * conversation deletes its bookmarks). False (nothing written) when the conversation is not the
   * app's.
   */
  putBookmark(bookmark: BookmarkRecord): Promise<boolean>;
  /** The bookmark `id` of the app's conversation. */
  getBookmark(appId: string, conversationId: string, id: string): Promise<BookmarkRecord | undefined>;
  /** The bookmarks of the app's conversation, oldest first. */
  listBookmarks(appId: string, conversationId: string): Promise<BookmarkRecord[]>;
  /** False when the bookmark did not exist under that app and conversation. */
  deleteBookmark(appId: string, conversationId: string, id: string): Promise<boolean>;

  // managed entity definitions (management API)
  /**
   * Inserts the definitions, or updates those whose id exists for the same app, in one
   * transaction: all are stored, or none.
   */
  putEntityDefinitions(definitions: readonly EntityDefinitionRecord[]): Promise<void>;
  getEntityDefinition(appId: string, id: string): Promise<EntityDefinitionRecord | undefined>;
  /** The app's definitions, oldest first; only those of `subType` when it is given. */
  listEntityDefinitions(appId: string, subType?: string): Promise<EntityDefinitionRecord[]>;
  /** False when the definition did not exist for `appId`. */
  deleteEntityDefinition(appId: string, id: string): Promise<boolean>;
  /** Deletes every definition of the app with this `subType`; returns how many went. */
  deleteEntityDefinitionsOfSubType(appId: string, subType: string): Promise<number>;

  // nodes of the deployment, and who holds each live session
  /** Registers a node (or re-registers it, after it was taken for dead) and marks it seen now. */
  putNode(node: NodeRecord): Promise<void>;
  /** The node's heartbeat; false when it is not registered (removed as dead: register again). */
  touchNode(nodeId: string, now?: number): Promise<boolean>;
  /** Nodes seen within `aliveWithinMs`, oldest first. */
  listNodes(aliveWithinMs: number, now?: number): Promise<NodeRecord[]>;
  /** Removes the node and releases every live session it held, in one transaction. */
  removeNode(nodeId: string): Promise<void>;
  /** Removes the nodes not seen for `unseenForMs` (dead for good), with their live sessions. */
  pruneNodes(unseenForMs: number, now?: number): Promise<void>;
  /**
   * Makes `nodeId` the holder of the live session `appId`/`id` unless a node seen within
   * `aliveWithinMs` already holds it (a dead node's session is taken over). Returns the holder:
   * `nodeId` itself, or the node the caller should forward to. Atomic across nodes.
   */
  claimLiveSession(
    session: { appId: string; id: string; kind: LiveSessionKind; nodeId: string },
    aliveWithinMs: number,
    now?: number,
  ): Promise<LiveSessionOwner>;
  /** The node holding the live session, when it was seen within `aliveWithinMs`. */
  findLiveSession(
    appId: string,
    id: string,
    aliveWithinMs: number,
    now?: number,
  ): Promise<LiveSessionOwner | undefined>;
  /** Forgets the live session, when `nodeId` holds it. */
  releaseLiveSession(appId: string, id: string, nodeId: string): Promise<void>;

  close(): Promise<void>;
}

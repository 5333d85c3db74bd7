import type { Observable } from 'rxjs';
import type { JobProgress } from '../../model/job.ts';
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
  MessageRecord,
  NodeRecord,
  TrackerRecord,
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
  putApp(app: AppRecord): Promise<void>;
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
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  listInsights(conversationId: string, kinds?: readonly InsightKind[]): Promise<InsightRecord[]>;

  // jobs
  /** Inserts the job (and conversation); throws RateLimitError past the per-app limit. */
  enqueueJob(request: NewJob): Promise<JobRecord>;
  getJob(appId: string, jobId: string): Promise<JobRecord | undefined>;
  /**
   * Takes the oldest runnable job: scheduled, or in progress with an expired lease (its worker
   * died), and not behind an unfinished earlier job of the same conversation. Sets it in
   * progress under `owner` until `now + leaseMs`.
   */
  claimJob(owner: string, leaseMs: number, now?: number): Promise<JobRecord | undefined>;
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
   */
  releaseJob(jobId: string, owner: string): Promise<boolean>;
  /**
   * Writes the outcome and marks the job completed in one transaction, only while `owner` still
   * holds the lease; false (nothing written) otherwise. Messages are keyed by job, so a job that
   * ran twice never leaves duplicates.
   */
  completeJob(jobId: string, owner: string, outcome: JobOutcome): Promise<boolean>;
  /** Marks the job failed with a reason, only while `owner` holds it. */
  failJob(jobId: string, owner: string, reason: string): Promise<boolean>;
  countActiveJobs(appId?: string): Promise<number>;
  /**
   * Emits when a job may have become claimable: submitted, handed back, or unblocked because the
   * job before it in its conversation ended. With PostgreSQL this covers every node of the
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
   * the insight families listed in `outcome`, and updates name, times and members. False (nothing
   * written) when the id belongs to another app.
   */
  saveLiveConversation(
    conversation: ConversationRecord,
    outcome: JobOutcome,
    writerId: string,
  ): Promise<boolean>;

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

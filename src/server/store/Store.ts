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
  MessageRecord,
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
 * Everything the server persists. Asynchronous so that a networked implementation (PostgreSQL)
 * can satisfy it; every method that changes several rows is one transaction. Conversation reads
 * take the caller's `appId`: another app's conversation does not exist for it.
 */
export interface Store {
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

  close(): Promise<void>;
}

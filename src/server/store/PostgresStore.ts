import { randomUUID } from 'node:crypto';
import type { Client, ClientConfig, Pool, PoolClient } from 'pg';
import type { Observable } from 'rxjs';
import { ConflictError } from '../../errors/ConflictError.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { concurrentJobsLimitMessage } from '../../model/errorBody.ts';
import type { JobProgress, JobState } from '../../model/job.ts';
import { type Logger, silentLogger } from '../Logger.ts';
import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import { PostgresManagementTables } from './PostgresManagementTables.ts';
import { listenChannel } from './PostgresNotifications.ts';
import { postgresMigrations } from './postgresMigrations.ts';
import { joinMessage, type Row, recordReaders, splitMessage } from './recordReaders.ts';
import type { NewJob, Store } from './Store.ts';
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

// The driver decodes json columns itself.
const { toApp, toConversation, toJob, toNode, toTracker, toWebhookDelivery } = recordReaders(
  (value) => value,
);

type Queryable = Pool | PoolClient;

/** The channel jobs are announced on (a job became claimable somewhere in the deployment). */
const JOBS_CHANNEL = 'parley_jobs';
/** Key of the session-level advisory lock held while migrations run: one node migrates at a time. */
const MIGRATION_LOCK = 7_234_001;
/** Namespaces of transaction-level advisory locks (two-key form: namespace, hash of the id). */
const APP_JOBS_LOCK = 7_234_002;
const CONVERSATION_JOBS_LOCK = 7_234_003;
/** The store's clock, epoch milliseconds, fixed for the statement: `now` when a caller gives none. */
const DB_NOW = '(extract(epoch from statement_timestamp()) * 1000)::bigint';
const UNFINISHED = `('scheduled', 'in_progress')`;
/** An epoch-milliseconds expression as the ISO text the API serves (what `Date#toISOString` gives). */
const isoText = (ms: string) =>
  `to_char(to_timestamp((${ms}) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /** Connections of this node's pool (default 10). Each node also holds one for LISTEN. */
  poolSize?: number;
  /** Where migrations and connection trouble are logged. */
  logger?: Logger;
}

/**
 * The Store on PostgreSQL, shared by every node of a deployment. Multi-row writes are
 * transactions; jobs are claimed with `FOR UPDATE SKIP LOCKED` so nodes never wait on each other's
 * claims, and every change that can make a job claimable sends `NOTIFY parley_jobs` in the same
 * transaction (delivered on commit). Submissions take advisory locks per app (the active-job limit
 * holds across nodes) and per conversation (a conversation's jobs commit in `seq` order, so no
 * claimer sees a later job without the earlier one).
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres';
  readonly #pool: Pool;
  readonly #logger: Logger;
  readonly #wakeups: Observable<void>;
  readonly #management: PostgresManagementTables;
  #closed = false;

  private constructor(pool: Pool, Driver: new (config: ClientConfig) => Client, url: string, logger: Logger) {
    this.#pool = pool;
    this.#logger = logger;
    this.#wakeups = listenChannel(Driver, url, JOBS_CHANNEL, logger);
    this.#management = new PostgresManagementTables(pool, (work) => this.#transaction(work));
  }

  /**
   * Connects, applies pending migrations (several nodes starting at once apply each exactly once:
   * they queue on an advisory lock), and returns the store with the versions this call applied.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const logger = options.logger ?? silentLogger;
    // The driver is loaded here, not with this module: a server on SQLite never loads it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle pooled connection that breaks (database restarted) must not crash the process.
    pool.on('error', (error) => logger.log('warn', 'store.connection_lost', { error }));
    try {
      const applied = await migrate(pool);
      logger.log('info', 'store.migrated', { dialect: 'postgres', applied });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, pg.Client, url, logger);
  }

  /** Applied migration versions, oldest first. */
  async schemaVersions(): Promise<number[]> {
    const { rows } = await this.#pool.query('SELECT version FROM schema_migrations ORDER BY version');
    return rows.map((row: Row) => row.version as number);
  }

  async getApp(appId: string): Promise<AppRecord | undefined> {
    const { rows } = await this.#pool.query('SELECT * FROM apps WHERE app_id = $1', [appId]);
    return rows[0] === undefined ? undefined : toApp(rows[0]);
  }

  async putApp(app: NewApp): Promise<AppRecord> {
    // Every SET expression reads the row as it was before the update.
    const { rows } = await this.#pool.query(
      `INSERT INTO apps (app_id, secret_hash, webhook_key, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id) DO UPDATE SET
         secret_version = CASE WHEN apps.secret_hash = excluded.secret_hash
           THEN apps.secret_version ELSE apps.secret_version + 1 END,
         webhook_key = CASE WHEN apps.secret_hash = excluded.secret_hash
           THEN COALESCE(excluded.webhook_key, apps.webhook_key) ELSE excluded.webhook_key END,
         secret_hash = excluded.secret_hash
       RETURNING *`,
      [app.appId, app.secretHash, app.webhookKey ?? null, app.createdAt],
    );
    return toApp(rows[0]);
  }

  async setAppWebhookKey(appId: string, secretVersion: number, webhookKey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'UPDATE apps SET webhook_key = $1 WHERE app_id = $2 AND secret_version = $3',
      [webhookKey, appId, secretVersion],
    );
    return (rowCount ?? 0) > 0;
  }

  async listApps(): Promise<AppRecord[]> {
    const { rows } = await this.#pool.query('SELECT * FROM apps ORDER BY created_at, ord');
    return rows.map(toApp);
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]?.value as string | undefined;
  }

  async initSetting(key: string, value: string): Promise<string> {
    await this.#pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      value,
    ]);
    return (await this.getSetting(key))!;
  }

  async getConversation(appId: string, id: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#pool.query('SELECT * FROM conversations WHERE id = $1 AND app_id = $2', [
      id,
      appId,
    ]);
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async listConversations(appId: string, query: ConversationListQuery): Promise<ConversationRecord[]> {
    const args: unknown[] = [appId];
    const where = ['app_id = $1'];
    const arg = (value: unknown) => {
      args.push(value);
      return `$${args.length}`;
    };
    // Conversations without messages yet have no start time; they sort by creation time.
    const start = 'COALESCE(start_time, created_at)';
    if (query.startTime !== undefined) where.push(`${start} >= ${arg(query.startTime)}`);
    if (query.endTime !== undefined) where.push(`${start} <= ${arg(query.endTime)}`);
    for (const [key, value] of Object.entries(query.metadata ?? {})) {
      where.push(`metadata ->> ${arg(key)} = ${arg(value)}`);
    }
    const column = { startTime: start, endTime: 'COALESCE(end_time, created_at)', name: 'name' }[query.sort];
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    // Byte order, as SQLite compares: the same list whichever store serves it.
    const { rows } = await this.#pool.query(
      `SELECT * FROM conversations WHERE ${where.join(' AND ')}
       ORDER BY ${column} COLLATE "C" ${direction}, id COLLATE "C" ${direction}
       LIMIT ${arg(query.limit)} OFFSET ${arg(query.offset)}`,
      args,
    );
    return rows.map(toConversation);
  }

  async updateConversationMetadata(
    appId: string,
    id: string,
    metadata: Record<string, string>,
  ): Promise<ConversationRecord | undefined> {
    const { rows } = await this.#pool.query(
      'UPDATE conversations SET metadata = $1 WHERE id = $2 AND app_id = $3 RETURNING *',
      [JSON.stringify(metadata), id, appId],
    );
    return rows[0] === undefined ? undefined : toConversation(rows[0]);
  }

  async deleteConversation(appId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM conversations WHERE id = $1 AND app_id = $2', [
      id,
      appId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async listMessages(conversationId: string, page: MessagePage = {}): Promise<MessageRecord[]> {
    const omit = page.omit ?? [];
    // As text: the driver would decode a stored JSON null and an absent column both to null.
    const words = omit.includes('words') ? 'NULL' : 'words::text';
    const sentiment = omit.includes('sentiment') ? 'NULL' : 'sentiment::text';
    const { rows } = await this.#pool.query(
      `SELECT job_id, seq, body::text AS body, ${words} AS words, ${sentiment} AS sentiment FROM messages
       WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [conversationId, page.afterSeq ?? -1, page.limit ?? null],
    );
    return rows.map((row: Row) => ({
      conversationId,
      jobId: row.job_id as string,
      seq: row.seq as number,
      body: joinMessage(row),
    }));
  }

  async listInsights(conversationId: string, kinds?: readonly InsightKind[]): Promise<InsightRecord[]> {
    const filter = kinds === undefined ? '' : ' AND kind = ANY($2::text[])';
    const { rows } = await this.#pool.query(
      `SELECT * FROM insights WHERE conversation_id = $1${filter} ORDER BY kind COLLATE "C", seq`,
      kinds === undefined ? [conversationId] : [conversationId, [...kinds]],
    );
    return rows.map((row: Row) => ({
      conversationId: row.conversation_id as string,
      kind: row.kind as InsightKind,
      seq: row.seq as number,
      body: row.body as Record<string, unknown>,
    }));
  }

  async enqueueJob(request: NewJob): Promise<JobRecord> {
    const { job } = request;
    const now = new Date().toISOString();
    return this.#transaction(async (db) => {
      // Held to commit: the limit is counted and the job's seq drawn with no other node between.
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APP_JOBS_LOCK, job.appId]);
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        CONVERSATION_JOBS_LOCK,
        job.conversationId,
      ]);
      if ((await countActive(db, job.appId)) >= request.maxActiveJobsPerApp) {
        throw new RateLimitError(concurrentJobsLimitMessage(request.maxActiveJobsPerApp), 5000);
      }
      if (request.createConversation !== undefined) await insertConversation(db, request.createConversation);
      const { rows } = await db.query(
        `INSERT INTO jobs (id, app_id, conversation_id, status, append_to, input, options, webhook_url,
           created_at, updated_at)
         VALUES ($1, $2, $3, 'scheduled', $4, $5, $6, $7, $8, $8) RETURNING *`,
        [
          job.id,
          job.appId,
          job.conversationId,
          job.append,
          JSON.stringify(job.input),
          JSON.stringify(job.options),
          job.webhookUrl ?? null,
          now,
        ],
      );
      await writeWebhookDelivery(db, job.id, 'scheduled');
      await notifyJobs(db);
      return toJob(rows[0]);
    });
  }

  async getJob(appId: string, jobId: string): Promise<JobRecord | undefined> {
    const { rows } = await this.#pool.query('SELECT * FROM jobs WHERE id = $1 AND app_id = $2', [
      jobId,
      appId,
    ]);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  }

  async claimJob(
    owner: string,
    leaseMs: number,
    now?: number,
    maxAttempts = Number.POSITIVE_INFINITY,
  ): Promise<JobRecord | undefined> {
    for (;;) {
      const claimed = await this.#transaction(async (db): Promise<JobRecord | 'given up' | undefined> => {
        // The row is locked (other nodes skip it) until this transaction ends. An earlier
        // unfinished job of the same conversation, claimed or not, keeps a later one back.
        const { rows } = await db.query(
          `WITH clock AS (SELECT COALESCE($1::bigint, ${DB_NOW}) AS now)
           SELECT j.id, j.status, j.attempts, clock.now FROM jobs j, clock
           WHERE (j.status = 'scheduled' OR (j.status = 'in_progress' AND j.lease_expires_at < clock.now))
             AND NOT EXISTS (
               SELECT 1 FROM jobs k
               WHERE k.conversation_id = j.conversation_id AND k.seq < j.seq AND k.status IN ${UNFINISHED})
           ORDER BY j.seq LIMIT 1
           FOR UPDATE OF j SKIP LOCKED`,
          [now ?? null],
        );
        const next = rows[0];
        if (next === undefined) return undefined;
        const id = next.id as string;
        if (next.attempts >= maxAttempts) {
          await finish(
            db,
            id,
            'failed',
            `The job was given up after ${next.attempts} attempts: the server stopped each time it ran.`,
          );
          await writeWebhookDelivery(db, id, 'failed');
          return 'given up';
        }
        const taken = await db.query(
          `UPDATE jobs SET status = 'in_progress', lease_owner = $1, lease_expires_at = $2::bigint + $3,
             attempts = attempts + 1, progress = NULL, updated_at = ${isoText('$2::bigint')}
           WHERE id = $4 RETURNING *`,
          [owner, next.now, leaseMs, id],
        );
        if (next.status === 'scheduled') await writeWebhookDelivery(db, id, 'in_progress');
        return toJob(taken.rows[0]);
      });
      // A job given up frees its conversation's next job: look again.
      if (claimed !== 'given up') return claimed;
    }
  }

  async recordJobProgress(jobId: string, owner: string, progress: JobProgress): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE jobs SET progress = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'in_progress'`,
      [JSON.stringify(progress), jobId, owner],
    );
    return (rowCount ?? 0) > 0;
  }

  async renewLease(jobId: string, owner: string, leaseMs: number, now?: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE jobs SET lease_expires_at = COALESCE($4::bigint, ${DB_NOW}) + $3
       WHERE id = $1 AND lease_owner = $2 AND status = 'in_progress'`,
      [jobId, owner, leaseMs, now ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async releaseJob(jobId: string, owner: string): Promise<boolean> {
    return this.#transaction(async (db) => {
      const { rowCount } = await db.query(
        `UPDATE jobs SET lease_owner = NULL, lease_expires_at = 0, attempts = GREATEST(attempts - 1, 0),
           updated_at = $3
         WHERE id = $1 AND lease_owner = $2 AND status = 'in_progress'`,
        [jobId, owner, new Date().toISOString()],
      );
      if ((rowCount ?? 0) === 0) return false;
      await notifyJobs(db);
      return true;
    });
  }

  async listLeaseOwners(): Promise<string[]> {
    const { rows } = await this.#pool.query(
      `SELECT lease_owner AS owner FROM jobs WHERE status = 'in_progress' AND lease_owner IS NOT NULL
       UNION SELECT lease_owner FROM webhook_deliveries WHERE state = 'pending' AND lease_owner IS NOT NULL`,
    );
    return rows.map((row: Row) => row.owner as string);
  }

  async expireLeases(owner: string): Promise<number> {
    return this.#transaction(async (db) => {
      const jobs = await db.query(
        `UPDATE jobs SET lease_owner = NULL, lease_expires_at = 0
         WHERE lease_owner = $1 AND status = 'in_progress'`,
        [owner],
      );
      const deliveries = await db.query(
        `UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL
         WHERE lease_owner = $1 AND state = 'pending'`,
        [owner],
      );
      if ((jobs.rowCount ?? 0) > 0) await notifyJobs(db);
      return (jobs.rowCount ?? 0) + (deliveries.rowCount ?? 0);
    });
  }

  async completeJob(jobId: string, owner: string, outcome: JobOutcome): Promise<boolean> {
    return this.#transaction(async (db) => {
      const job = await heldJob(db, jobId, owner);
      if (job === undefined) return false;
      const conversationId = job.conversation_id as string;
      const { rows } = await db.query(
        'SELECT start_time, end_time, members, time_zone FROM conversations WHERE id = $1 FOR UPDATE',
        [conversationId],
      );
      const conversation = rows[0];
      if (conversation === undefined) {
        await finish(db, jobId, 'failed', 'The conversation was deleted while the job ran.');
        await writeWebhookDelivery(db, jobId, 'failed');
        return true;
      }
      // Keyed by job: whatever an earlier, interrupted run of this job left is replaced.
      await replaceWriterMessages(db, conversationId, jobId, outcome.messages);
      for (const body of outcome.updatedMessages ?? []) {
        await db.query(
          'UPDATE messages SET body = $1, words = $2, sentiment = $3 WHERE conversation_id = $4 AND id = $5',
          [...splitMessage(body), conversationId, String(body.id)],
        );
      }
      await replaceInsights(db, conversationId, outcome.insights);
      const fields = outcome.conversation ?? {};
      await db.query(
        'UPDATE conversations SET start_time = $1, end_time = $2, members = $3, time_zone = $4 WHERE id = $5',
        [
          fields.startTime ?? conversation.start_time ?? null,
          fields.endTime ?? conversation.end_time ?? null,
          JSON.stringify(fields.members ?? conversation.members),
          fields.timeZone ?? conversation.time_zone ?? null,
          conversationId,
        ],
      );
      await finish(db, jobId, 'completed');
      await writeWebhookDelivery(db, jobId, 'completed');
      return true;
    });
  }

  async saveLiveConversation(
    conversation: ConversationRecord,
    outcome: JobOutcome,
    writerId: string,
  ): Promise<boolean> {
    return this.#transaction(async (db) => {
      if (!(await lockLiveConversation(db, conversation))) return false;
      await replaceWriterMessages(db, conversation.id, writerId, outcome.messages);
      await replaceInsights(db, conversation.id, outcome.insights);
      const fields = outcome.conversation ?? {};
      await db.query(
        `UPDATE conversations SET name = $1, start_time = COALESCE($2, start_time),
           end_time = COALESCE($3, end_time), members = COALESCE($4::json, members),
           time_zone = COALESCE($5, time_zone) WHERE id = $6`,
        [
          conversation.name,
          fields.startTime ?? null,
          fields.endTime ?? null,
          fields.members === undefined ? null : JSON.stringify(fields.members),
          fields.timeZone ?? conversation.timeZone ?? null,
          conversation.id,
        ],
      );
      return true;
    });
  }

  async appendLiveMessages(
    conversation: ConversationRecord,
    messages: readonly Record<string, unknown>[],
    writerId: string,
  ): Promise<boolean> {
    return this.#transaction(async (db) => {
      if (!(await lockLiveConversation(db, conversation))) return false;
      if (messages.length === 0) return true;
      // The same message appended twice is written once (its body updated).
      await db.query(
        `INSERT INTO messages (conversation_id, seq, id, job_id, body, words, sentiment)
         ${messageRows}
         ON CONFLICT (job_id, id) DO UPDATE SET
           body = excluded.body, words = excluded.words, sentiment = excluded.sentiment`,
        messageRowValues(conversation.id, writerId, messages),
      );
      return true;
    });
  }

  async failJob(jobId: string, owner: string, reason: string): Promise<boolean> {
    return this.#transaction(async (db) => {
      if ((await heldJob(db, jobId, owner)) === undefined) return false;
      await finish(db, jobId, 'failed', reason);
      await writeWebhookDelivery(db, jobId, 'failed');
      return true;
    });
  }

  async countActiveJobs(appId?: string): Promise<number> {
    return countActive(this.#pool, appId);
  }

  jobWakeups(): Observable<void> {
    return this.#wakeups;
  }

  async listNeededMediaPaths(): Promise<string[]> {
    const { rows } = await this.#pool.query(
      `SELECT input ->> 'path' AS path FROM jobs
       WHERE input ->> 'type' = 'media'
         AND (status IN ${UNFINISHED} OR (status = 'completed' AND input ->> 'keep' = 'true'))`,
    );
    return rows.map((row: Row) => row.path as string);
  }

  async claimWebhookDelivery(
    owner: string,
    leaseMs: number,
    now?: number,
  ): Promise<WebhookDeliveryRecord | undefined> {
    // One statement; a delivery another node holds is skipped, and the later deliveries of its
    // job wait behind it (a job's events arrive in order).
    const { rows } = await this.#pool.query(
      `WITH clock AS (SELECT COALESCE($3::bigint, ${DB_NOW}) AS now),
       next AS (
         SELECT d.seq FROM webhook_deliveries d, clock
         WHERE d.state = 'pending' AND d.next_attempt_at <= clock.now
           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < clock.now)
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
             WHERE e.job_id = d.job_id AND e.seq < d.seq AND e.state = 'pending')
         ORDER BY d.next_attempt_at, d.seq LIMIT 1
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries SET lease_owner = $1, lease_expires_at = clock.now + $2,
         attempts = attempts + 1, updated_at = ${isoText('clock.now')}
       FROM next, clock WHERE webhook_deliveries.seq = next.seq RETURNING webhook_deliveries.*`,
      [owner, leaseMs, now ?? null],
    );
    return rows[0] === undefined ? undefined : toWebhookDelivery(rows[0]);
  }

  async settleWebhookDelivery(id: string, owner: string, settlement: WebhookSettlement): Promise<boolean> {
    const nextAttemptAt = settlement.state === 'pending' ? settlement.nextAttemptAt : null;
    const error = settlement.state === 'delivered' ? null : settlement.error;
    const { rowCount } = await this.#pool.query(
      `UPDATE webhook_deliveries SET state = $1, next_attempt_at = COALESCE($2, next_attempt_at),
         last_error = COALESCE($3, last_error), lease_owner = NULL, lease_expires_at = NULL, updated_at = $4
       WHERE id = $5 AND lease_owner = $6 AND state = 'pending'`,
      [settlement.state, nextAttemptAt, error, new Date().toISOString(), id, owner],
    );
    return (rowCount ?? 0) > 0;
  }

  async listWebhookDeliveries(appId: string, jobId: string): Promise<WebhookDeliveryRecord[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM webhook_deliveries WHERE app_id = $1 AND job_id = $2 ORDER BY seq',
      [appId, jobId],
    );
    return rows.map(toWebhookDelivery);
  }

  async countRequests(appId: string, windowStart: number, added: number): Promise<number> {
    // One statement: every node's count of the window is added up in the database.
    const { rows } = await this.#pool.query(
      `WITH forgotten AS (DELETE FROM request_counts WHERE app_id = $1 AND window_start < $2)
       INSERT INTO request_counts (app_id, window_start, count) VALUES ($1, $2, $3)
       ON CONFLICT (app_id, window_start) DO UPDATE SET count = request_counts.count + excluded.count
       RETURNING count`,
      [appId, windowStart, added],
    );
    return rows[0].count as number;
  }

  async listConversationJobs(conversationId: string): Promise<JobRecord[]> {
    const { rows } = await this.#pool.query('SELECT * FROM jobs WHERE conversation_id = $1 ORDER BY seq', [
      conversationId,
    ]);
    return rows.map(toJob);
  }

  async putTracker(tracker: TrackerRecord): Promise<void> {
    await this.putTrackers([tracker]);
  }

  async putTrackers(trackers: readonly TrackerRecord[]): Promise<void> {
    await this.#transaction(async (db) => {
      for (const tracker of trackers) {
        try {
          await db.query(
            `INSERT INTO trackers (id, app_id, name, vocabulary, description, categories, languages,
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, vocabulary = excluded.vocabulary,
               description = excluded.description, categories = excluded.categories,
               languages = excluded.languages, updated_at = excluded.updated_at`,
            [
              tracker.id,
              tracker.appId,
              tracker.name,
              JSON.stringify(tracker.vocabulary),
              tracker.description ?? null,
              tracker.categories === undefined ? null : JSON.stringify(tracker.categories),
              tracker.languages === undefined ? null : JSON.stringify(tracker.languages),
              tracker.createdAt,
              tracker.updatedAt,
            ],
          );
        } catch (error) {
          if ((error as { code?: string }).code === '23505') {
            throw new ConflictError(`A tracker named "${tracker.name}" already exists.`, { cause: error });
          }
          throw error;
        }
      }
    });
  }

  async getTracker(appId: string, id: string): Promise<TrackerRecord | undefined> {
    const { rows } = await this.#pool.query('SELECT * FROM trackers WHERE id = $1 AND app_id = $2', [
      id,
      appId,
    ]);
    return rows[0] === undefined ? undefined : toTracker(rows[0]);
  }

  async listTrackers(appId: string): Promise<TrackerRecord[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM trackers WHERE app_id = $1 ORDER BY created_at, ord',
      [appId],
    );
    return rows.map(toTracker);
  }

  async deleteTracker(appId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM trackers WHERE id = $1 AND app_id = $2', [
      id,
      appId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async putGroups(groups: readonly GroupRecord[]): Promise<void> {
    await this.#management.putGroups(groups);
  }

  getGroup(appId: string, id: string): Promise<GroupRecord | undefined> {
    return this.#management.getGroup(appId, id);
  }

  listGroups(appId: string): Promise<GroupRecord[]> {
    return this.#management.listGroups(appId);
  }

  deleteGroup(appId: string, id: string): Promise<boolean> {
    return this.#management.deleteGroup(appId, id);
  }

  putBookmark(bookmark: BookmarkRecord): Promise<boolean> {
    return this.#management.putBookmark(bookmark);
  }

  getBookmark(appId: string, conversationId: string, id: string): Promise<BookmarkRecord | undefined> {
    return this.#management.getBookmark(appId, conversationId, id);
  }

  listBookmarks(appId: string, conversationId: string): Promise<BookmarkRecord[]> {
    return this.#management.listBookmarks(appId, conversationId);
  }

  deleteBookmark(appId: string, conversationId: string, id: string): Promise<boolean> {
    return this.#management.deleteBookmark(appId, conversationId, id);
  }

  async putEntityDefinitions(definitions: readonly EntityDefinitionRecord[]): Promise<void> {
    await this.#management.putEntityDefinitions(definitions);
  }

  getEntityDefinition(appId: string, id: string): Promise<EntityDefinitionRecord | undefined> {
    return this.#management.getEntityDefinition(appId, id);
  }

  listEntityDefinitions(appId: string, subType?: string): Promise<EntityDefinitionRecord[]> {
    return this.#management.listEntityDefinitions(appId, subType);
  }

  deleteEntityDefinition(appId: string, id: string): Promise<boolean> {
    return this.#management.deleteEntityDefinition(appId, id);
  }

  deleteEntityDefinitionsOfSubType(appId: string, subType: string): Promise<number> {
    return this.#management.deleteEntityDefinitionsOfSubType(appId, subType);
  }

  async putNode(node: NodeRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO nodes (id, url, role, media_dir, media_probe, started_at, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, ${DB_NOW})
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, role = excluded.role,
         media_dir = excluded.media_dir, media_probe = excluded.media_probe,
         started_at = excluded.started_at, seen_at = excluded.seen_at`,
      [node.id, node.url, node.role, node.mediaDir, node.mediaProbe, node.startedAt],
    );
  }

  async touchNode(nodeId: string, now?: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE nodes SET seen_at = COALESCE($2::bigint, ${DB_NOW}) WHERE id = $1`,
      [nodeId, now ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async listNodes(aliveWithinMs: number, now?: number): Promise<NodeRecord[]> {
    const { rows } = await this.#pool.query(
      `SELECT * FROM nodes WHERE seen_at >= COALESCE($2::bigint, ${DB_NOW}) - $1
       ORDER BY started_at, id COLLATE "C"`,
      [aliveWithinMs, now ?? null],
    );
    return rows.map(toNode);
  }

  async removeNode(nodeId: string): Promise<void> {
    await this.#transaction(async (db) => {
      await db.query('DELETE FROM live_sessions WHERE node_id = $1', [nodeId]);
      await db.query('DELETE FROM nodes WHERE id = $1', [nodeId]);
    });
  }

  async pruneNodes(unseenForMs: number, now?: number): Promise<void> {
    await this.#transaction(async (db) => {
      const before = `COALESCE($2::bigint, ${DB_NOW}) - $1`;
      await db.query(
        `DELETE FROM live_sessions WHERE node_id IN (SELECT id FROM nodes WHERE seen_at < ${before})`,
        [unseenForMs, now ?? null],
      );
      await db.query(`DELETE FROM nodes WHERE seen_at < ${before}`, [unseenForMs, now ?? null]);
    });
  }

  async claimLiveSession(
    session: { appId: string; id: string; kind: LiveSessionKind; nodeId: string },
    aliveWithinMs: number,
    now?: number,
  ): Promise<LiveSessionOwner> {
    return this.#transaction(async (db) => {
      // Serialises claims of one id: the row may not exist yet, so there is nothing to lock.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [session.appId, session.id]);
      const holder = await liveSessionHolder(db, session.appId, session.id, aliveWithinMs, now);
      if (holder !== undefined) return holder;
      await db.query(
        `INSERT INTO live_sessions (app_id, id, kind, node_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, id) DO UPDATE SET kind = excluded.kind, node_id = excluded.node_id,
           created_at = excluded.created_at`,
        [session.appId, session.id, session.kind, session.nodeId, new Date().toISOString()],
      );
      const claimed = await liveSessionHolder(db, session.appId, session.id, aliveWithinMs, now);
      if (claimed === undefined) {
        throw new Error(
          `live session ${session.id} claimed by node ${session.nodeId}, which is not registered`,
        );
      }
      return claimed;
    });
  }

  async findLiveSession(
    appId: string,
    id: string,
    aliveWithinMs: number,
    now?: number,
  ): Promise<LiveSessionOwner | undefined> {
    return liveSessionHolder(this.#pool, appId, id, aliveWithinMs, now);
  }

  async releaseLiveSession(appId: string, id: string, nodeId: string): Promise<void> {
    await this.#pool.query('DELETE FROM live_sessions WHERE app_id = $1 AND id = $2 AND node_id = $3', [
      appId,
      id,
      nodeId,
    ]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  /** Runs `work` in one transaction on one pooled connection; rolls back when it throws. */
  async #transaction<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    const db = await this.#pool.connect();
    try {
      await db.query('BEGIN');
      const result = await work(db);
      await db.query('COMMIT');
      return result;
    } catch (error) {
      await db.query('ROLLBACK').catch((rollbackError: unknown) => {
        this.#logger.log('warn', 'store.rollback_failed', { error: rollbackError });
      });
      throw error;
    } finally {
      db.release();
    }
  }
}

/** Applies pending migrations under the migration lock; returns the versions applied. */
async function migrate(pool: Pool): Promise<number[]> {
  const db = await pool.connect();
  try {
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const { rows } = await db.query('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((row: Row) => row.version as number));
      const applied: number[] = [];
      for (const migration of postgresMigrations) {
        if (done.has(migration.version)) continue;
        await db.query('BEGIN');
        try {
          await db.query(migration.sql);
          await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            new Date().toISOString(),
          ]);
          await db.query('COMMIT');
        } catch (error) {
          await db.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    db.release();
  }
}

async function notifyJobs(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_notify('${JOBS_CHANNEL}', '')`);
}

async function countActive(db: Queryable, appId?: string): Promise<number> {
  const sql = `SELECT COUNT(*)::int AS n FROM jobs WHERE status IN ${UNFINISHED}`;
  const { rows } =
    appId === undefined ? await db.query(sql) : await db.query(`${sql} AND app_id = $1`, [appId]);
  return rows[0].n as number;
}

/** The job row while `owner` holds it, locked to the end of the transaction. */
async function heldJob(db: Queryable, jobId: string, owner: string): Promise<Row | undefined> {
  const { rows } = await db.query(
    `SELECT * FROM jobs WHERE id = $1 AND lease_owner = $2 AND status = 'in_progress' FOR UPDATE`,
    [jobId, owner],
  );
  return rows[0];
}

/** Marks the job terminal and announces it: the next job of its conversation may now run. */
async function finish(
  db: Queryable,
  jobId: string,
  status: 'completed' | 'failed',
  reason?: string,
): Promise<void> {
  await db.query(
    `UPDATE jobs SET status = $1, error = $2, lease_owner = NULL, lease_expires_at = NULL, progress = NULL,
       updated_at = $3 WHERE id = $4`,
    [status, reason ?? null, new Date().toISOString(), jobId],
  );
  await notifyJobs(db);
}

function conversationValues(c: ConversationRecord): unknown[] {
  return [
    c.id,
    c.appId,
    c.type,
    c.name,
    c.startTime ?? null,
    c.endTime ?? null,
    JSON.stringify(c.members),
    JSON.stringify(c.metadata),
    c.createdAt,
    c.timeZone ?? null,
  ];
}

async function insertConversation(db: Queryable, c: ConversationRecord): Promise<void> {
  await db.query(
    `INSERT INTO conversations
       (id, app_id, type, name, start_time, end_time, members, metadata, created_at, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    conversationValues(c),
  );
}

/**
 * Replaces the messages `writerId` (a job, or a live conversation's writer) stored in the
 * conversation with `messages`, appended after every other message. Call inside a transaction
 * that holds the conversation's row lock.
 */
async function replaceWriterMessages(
  db: Queryable,
  conversationId: string,
  writerId: string,
  messages: JobOutcome['messages'],
): Promise<void> {
  await db.query('DELETE FROM messages WHERE conversation_id = $1 AND job_id = $2', [
    conversationId,
    writerId,
  ]);
  if (messages.length === 0) return;
  // One statement for all of them: a long job's hundreds of messages cost one round trip.
  await db.query(
    `INSERT INTO messages (conversation_id, seq, id, job_id, body, words, sentiment) ${messageRows}`,
    messageRowValues(conversationId, writerId, messages),
  );
}

/**
 * The rows of messages appended after every message of conversation `$1`, written by `$2`: ids,
 * bodies, words and sentiments in `$3`..`$6` ({@link messageRowValues}).
 */
const messageRows = `SELECT $1, base.next + m.ord - 1, m.id, $2, m.body, m.words, m.sentiment
  FROM (SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM messages WHERE conversation_id = $1) base,
    unnest($3::text[], $4::json[], $5::json[], $6::json[]) WITH ORDINALITY AS m(id, body, words, sentiment, ord)`;

function messageRowValues(
  conversationId: string,
  writerId: string,
  messages: readonly Record<string, unknown>[],
): unknown[] {
  const columns = messages.map(splitMessage);
  return [
    conversationId,
    writerId,
    messages.map((body) => String(body.id)),
    columns.map(([body]) => body),
    columns.map(([, words]) => words),
    columns.map(([, , sentiment]) => sentiment),
  ];
}

/**
 * Creates the live conversation when missing (whichever writer comes first) and locks its row, so
 * that writers of one conversation queue. False when the id belongs to another app.
 */
async function lockLiveConversation(db: Queryable, conversation: ConversationRecord): Promise<boolean> {
  await db.query(
    `INSERT INTO conversations
       (id, app_id, type, name, start_time, end_time, members, metadata, created_at, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
    conversationValues(conversation),
  );
  const { rows } = await db.query('SELECT app_id FROM conversations WHERE id = $1 FOR UPDATE', [
    conversation.id,
  ]);
  return rows[0]?.app_id === conversation.appId;
}

/**
 * Writes the webhook delivery that reports `status` of the job, when the job has a webhook URL.
 * Call inside the transaction that changes the status.
 */
async function writeWebhookDelivery(db: Queryable, jobId: string, status: JobState): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (id, app_id, job_id, url, payload, state, next_attempt_at,
       created_at, updated_at)
     SELECT $1, app_id, id, webhook_url,
       json_build_object('jobId', id, 'status', $2::text, 'conversationId', conversation_id),
       'pending', clock.now, ${isoText('clock.now')}, ${isoText('clock.now')}
     FROM jobs, (SELECT ${DB_NOW} AS now) clock
     WHERE id = $3 AND webhook_url IS NOT NULL AND webhook_url <> ''`,
    [randomUUID(), status, jobId],
  );
}

/** Replaces each insight family the outcome lists, as a whole. Call inside a transaction. */
async function replaceInsights(
  db: Queryable,
  conversationId: string,
  insights: JobOutcome['insights'],
): Promise<void> {
  for (const [kind, items] of Object.entries(insights ?? {})) {
    await db.query('DELETE FROM insights WHERE conversation_id = $1 AND kind = $2', [conversationId, kind]);
    const bodies = (items ?? []).map((body) => JSON.stringify(body));
    if (bodies.length === 0) continue;
    await db.query(
      `INSERT INTO insights (conversation_id, kind, seq, body)
       SELECT $1, $2, b.ord - 1, b.body FROM unnest($3::json[]) WITH ORDINALITY AS b(body, ord)`,
      [conversationId, kind, bodies],
    );
  }
}

async function liveSessionHolder(
  db: Queryable,
  appId: string,
  id: string,
  aliveWithinMs: number,
  now: number | undefined,
): Promise<LiveSessionOwner | undefined> {
  const { rows } = await db.query(
    `SELECT s.node_id, s.kind, n.url FROM live_sessions s JOIN nodes n ON n.id = s.node_id
     WHERE s.app_id = $1 AND s.id = $2 AND n.seen_at >= COALESCE($4::bigint, ${DB_NOW}) - $3`,
    [appId, id, aliveWithinMs, now ?? null],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { nodeId: row.node_id as string, url: row.url as string, kind: row.kind as LiveSessionKind };
}

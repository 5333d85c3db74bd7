import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Observable, Subject } from 'rxjs';
import { ConflictError } from '../../errors/ConflictError.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { concurrentJobsLimitMessage } from '../../model/errorBody.ts';
import type { JobProgress, JobState } from '../../model/job.ts';
import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import { joinMessage, type Row, recordReaders, splitMessage } from './recordReaders.ts';
import { SqliteManagementTables } from './SqliteManagementTables.ts';
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
import { sqliteMigrations } from './sqliteMigrations.ts';

// SQLite keeps JSON columns as text.
const { toApp, toConversation, toJob, toNode, toTracker, toWebhookDelivery } = recordReaders((value) =>
  JSON.parse(value as string),
);

const MAX_KEPT_STATEMENTS = 256;

/**
 * The Store on one SQLite file (`<dataDir>/parley.sqlite`) in WAL mode. better-sqlite3 is
 * synchronous, so every method is one short critical section and multi-row writes are single
 * transactions; several processes may share the file (claims are atomic UPDATEs).
 */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite';
  readonly #db: Database.Database;
  /** Wake-ups of this process's queue; other processes on the file find work by polling. */
  readonly #wakeups = new Subject<void>();
  readonly #management: SqliteManagementTables;
  /** Prepared statements by their SQL: compiling one costs more than running it. */
  readonly #statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#management = new SqliteManagementTables(db, (sql) => this.#sql(sql));
  }

  /**
   * The prepared statement of `sql`, compiled once. The few statements built from a request's
   * filters stop being kept past {@link MAX_KEPT_STATEMENTS}, so no caller can grow the map.
   */
  #sql(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (this.#statements.size < MAX_KEPT_STATEMENTS) this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Opens (creating when needed) the database under `dataDir` and applies pending migrations. */
  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'parley.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db);
  }

  /** Applied migration versions, oldest first. */
  schemaVersions(): number[] {
    return this.#sql('SELECT version FROM schema_migrations ORDER BY version')
      .all()
      .map((row) => (row as Row).version as number);
  }

  async getApp(appId: string): Promise<AppRecord | undefined> {
    const row = this.#sql('SELECT * FROM apps WHERE app_id = ?').get(appId) as Row | undefined;
    return row === undefined ? undefined : toApp(row);
  }

  async putApp(app: NewApp): Promise<AppRecord> {
    // Every SET expression reads the row as it was before the update.
    this.#sql(
      `INSERT INTO apps (app_id, secret_hash, webhook_key, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(app_id) DO UPDATE SET
           secret_version = CASE WHEN secret_hash = excluded.secret_hash
             THEN secret_version ELSE secret_version + 1 END,
           webhook_key = CASE WHEN secret_hash = excluded.secret_hash
             THEN COALESCE(excluded.webhook_key, webhook_key) ELSE excluded.webhook_key END,
           secret_hash = excluded.secret_hash`,
    ).run(app.appId, app.secretHash, app.webhookKey ?? null, app.createdAt);
    return (await this.getApp(app.appId))!;
  }

  async setAppWebhookKey(appId: string, secretVersion: number, webhookKey: string): Promise<boolean> {
    return (
      this.#sql('UPDATE apps SET webhook_key = ? WHERE app_id = ? AND secret_version = ?').run(
        webhookKey,
        appId,
        secretVersion,
      ).changes > 0
    );
  }

  async listApps(): Promise<AppRecord[]> {
    return (this.#sql('SELECT * FROM apps ORDER BY created_at').all() as Row[]).map(toApp);
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = this.#sql('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
    return row?.value as string | undefined;
  }

  async initSetting(key: string, value: string): Promise<string> {
    this.#sql('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return (await this.getSetting(key))!;
  }

  async getConversation(appId: string, id: string): Promise<ConversationRecord | undefined> {
    const row = this.#sql('SELECT * FROM conversations WHERE id = ? AND app_id = ?').get(id, appId) as
      | Row
      | undefined;
    return row === undefined ? undefined : toConversation(row);
  }

  async listConversations(appId: string, query: ConversationListQuery): Promise<ConversationRecord[]> {
    const where = ['app_id = ?'];
    const args: unknown[] = [appId];
    // Conversations without messages yet have no start time; they sort by creation time.
    const start = 'COALESCE(start_time, created_at)';
    if (query.startTime !== undefined) {
      where.push(`${start} >= ?`);
      args.push(query.startTime);
    }
    if (query.endTime !== undefined) {
      where.push(`${start} <= ?`);
      args.push(query.endTime);
    }
    for (const [key, value] of Object.entries(query.metadata ?? {})) {
      where.push('json_extract(metadata, ?) = ?');
      args.push(`$."${key.replace(/["\\]/g, '')}"`, value);
    }
    const column = { startTime: start, endTime: 'COALESCE(end_time, created_at)', name: 'name' }[query.sort];
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const rows = this.#sql(
      `SELECT * FROM conversations WHERE ${where.join(' AND ')}
         ORDER BY ${column} ${direction}, id ${direction} LIMIT ? OFFSET ?`,
    ).all(...args, query.limit, query.offset) as Row[];
    return rows.map(toConversation);
  }

  async updateConversationMetadata(
    appId: string,
    id: string,
    metadata: Record<string, string>,
  ): Promise<ConversationRecord | undefined> {
    const result = this.#sql('UPDATE conversations SET metadata = ? WHERE id = ? AND app_id = ?').run(
      JSON.stringify(metadata),
      id,
      appId,
    );
    return result.changes === 0 ? undefined : this.getConversation(appId, id);
  }

  async deleteConversation(appId: string, id: string): Promise<boolean> {
    return this.#sql('DELETE FROM conversations WHERE id = ? AND app_id = ?').run(id, appId).changes > 0;
  }

  async listMessages(conversationId: string, page: MessagePage = {}): Promise<MessageRecord[]> {
    const omit = page.omit ?? [];
    const words = omit.includes('words') ? 'NULL' : 'words';
    const sentiment = omit.includes('sentiment') ? 'NULL' : 'sentiment';
    const rows = this.#sql(
      `SELECT job_id, seq, body, ${words} AS words, ${sentiment} AS sentiment FROM messages
       WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ).all(conversationId, page.afterSeq ?? -1, page.limit ?? -1) as Row[];
    return rows.map((row) => ({
      conversationId,
      jobId: row.job_id as string,
      seq: row.seq as number,
      body: joinMessage(row),
    }));
  }

  async listInsights(conversationId: string, kinds?: readonly InsightKind[]): Promise<InsightRecord[]> {
    const filter = kinds === undefined ? '' : ` AND kind IN (${kinds.map(() => '?').join(', ') || "''"})`;
    const rows = this.#sql(
      `SELECT * FROM insights WHERE conversation_id = ?${filter} ORDER BY kind, seq`,
    ).all(conversationId, ...(kinds ?? [])) as Row[];
    return rows.map((row) => ({
      conversationId: row.conversation_id as string,
      kind: row.kind as InsightKind,
      seq: row.seq as number,
      body: JSON.parse(row.body as string) as Record<string, unknown>,
    }));
  }

  async enqueueJob(request: NewJob): Promise<JobRecord> {
    const { job } = request;
    const now = new Date().toISOString();
    const insert = this.#db.transaction(() => {
      const active = this.#countActive(job.appId);
      if (active >= request.maxActiveJobsPerApp) {
        throw new RateLimitError(concurrentJobsLimitMessage(request.maxActiveJobsPerApp), 5000);
      }
      if (request.createConversation !== undefined) this.#insertConversation(request.createConversation);
      this.#sql(
        `INSERT INTO jobs (id, app_id, conversation_id, status, append_to, input, options, webhook_url,
             created_at, updated_at)
           VALUES (?, ?, ?, 'scheduled', ?, ?, ?, ?, ?, ?)`,
      ).run(
        job.id,
        job.appId,
        job.conversationId,
        job.append ? 1 : 0,
        JSON.stringify(job.input),
        JSON.stringify(job.options),
        job.webhookUrl ?? null,
        now,
        now,
      );
      this.#writeWebhookDelivery(job.id, 'scheduled');
    });
    insert.immediate();
    this.#wakeups.next();
    return (await this.#jobById(job.id))!;
  }

  async getJob(appId: string, jobId: string): Promise<JobRecord | undefined> {
    const job = await this.#jobById(jobId);
    return job?.appId === appId ? job : undefined;
  }

  async claimJob(
    owner: string,
    leaseMs: number,
    now = Date.now(),
    maxAttempts = Number.POSITIVE_INFINITY,
  ): Promise<JobRecord | undefined> {
    const next = this.#sql(
      `SELECT j.id, j.status, j.attempts FROM jobs j
       WHERE (j.status = 'scheduled' OR (j.status = 'in_progress' AND j.lease_expires_at < ?))
         AND NOT EXISTS (
           SELECT 1 FROM jobs k
           WHERE k.conversation_id = j.conversation_id AND k.seq < j.seq
             AND k.status IN ('scheduled', 'in_progress'))
       ORDER BY j.seq LIMIT 1`,
    );
    const claim = this.#db.transaction((): string | undefined => {
      for (;;) {
        const row = next.get(now) as Row | undefined;
        if (row === undefined) return undefined;
        if ((row.attempts as number) >= maxAttempts) {
          this.#finish(
            row.id as string,
            'failed',
            `The job was given up after ${row.attempts} attempts: the server stopped each time it ran.`,
          );
          this.#writeWebhookDelivery(row.id as string, 'failed');
          continue;
        }
        this.#sql(
          `UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_expires_at = ?,
               attempts = attempts + 1, progress = NULL, updated_at = ? WHERE id = ?`,
        ).run(owner, now + leaseMs, new Date(now).toISOString(), row.id);
        if (row.status === 'scheduled') this.#writeWebhookDelivery(row.id as string, 'in_progress');
        return row.id as string;
      }
    });
    const id = claim.immediate();
    return id === undefined ? undefined : this.#jobById(id);
  }

  async recordJobProgress(jobId: string, owner: string, progress: JobProgress): Promise<boolean> {
    return (
      this.#sql(
        `UPDATE jobs SET progress = ? WHERE id = ? AND lease_owner = ? AND status = 'in_progress'`,
      ).run(JSON.stringify(progress), jobId, owner).changes > 0
    );
  }

  async renewLease(jobId: string, owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    return (
      this.#sql(
        `UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND status = 'in_progress'`,
      ).run(now + leaseMs, jobId, owner).changes > 0
    );
  }

  async releaseJob(jobId: string, owner: string): Promise<boolean> {
    const released =
      this.#sql(
        `UPDATE jobs SET lease_owner = NULL, lease_expires_at = 0, attempts = MAX(attempts - 1, 0),
             updated_at = ? WHERE id = ? AND lease_owner = ? AND status = 'in_progress'`,
      ).run(new Date().toISOString(), jobId, owner).changes > 0;
    if (released) this.#wakeups.next();
    return released;
  }

  async listLeaseOwners(): Promise<string[]> {
    const rows = this.#sql(
      `SELECT lease_owner AS owner FROM jobs WHERE status = 'in_progress' AND lease_owner IS NOT NULL
         UNION SELECT lease_owner FROM webhook_deliveries WHERE state = 'pending' AND lease_owner IS NOT NULL`,
    ).all() as Row[];
    return rows.map((row) => row.owner as string);
  }

  async expireLeases(owner: string): Promise<number> {
    const expire = this.#db.transaction((): number => {
      const jobs = this.#sql(
        `UPDATE jobs SET lease_owner = NULL, lease_expires_at = 0
           WHERE lease_owner = ? AND status = 'in_progress'`,
      ).run(owner).changes;
      const deliveries = this.#sql(
        `UPDATE webhook_deliveries SET lease_owner = NULL, lease_expires_at = NULL
           WHERE lease_owner = ? AND state = 'pending'`,
      ).run(owner).changes;
      return jobs + deliveries;
    });
    const expired = expire.immediate();
    if (expired > 0) this.#wakeups.next();
    return expired;
  }

  async completeJob(jobId: string, owner: string, outcome: JobOutcome): Promise<boolean> {
    const complete = this.#db.transaction((): boolean => {
      const job = this.#heldJob(jobId, owner);
      if (job === undefined) return false;
      const conversation = this.#sql(
        'SELECT start_time, end_time, members, time_zone FROM conversations WHERE id = ?',
      ).get(job.conversation_id) as Row | undefined;
      if (conversation === undefined) {
        this.#finish(jobId, 'failed', 'The conversation was deleted while the job ran.');
        this.#writeWebhookDelivery(jobId, 'failed');
        return true;
      }
      // Keyed by job: whatever an earlier, interrupted run of this job left is replaced.
      this.#replaceWriterMessages(job.conversation_id as string, jobId, outcome.messages);
      const updateMessage = this.#sql(
        'UPDATE messages SET body = ?, words = ?, sentiment = ? WHERE conversation_id = ? AND id = ?',
      );
      for (const body of outcome.updatedMessages ?? []) {
        updateMessage.run(...splitMessage(body), job.conversation_id, String(body.id));
      }
      this.#replaceInsights(job.conversation_id as string, outcome.insights);
      const fields = outcome.conversation ?? {};
      this.#sql(
        'UPDATE conversations SET start_time = ?, end_time = ?, members = ?, time_zone = ? WHERE id = ?',
      ).run(
        fields.startTime ?? conversation.start_time ?? null,
        fields.endTime ?? conversation.end_time ?? null,
        fields.members === undefined ? conversation.members : JSON.stringify(fields.members),
        fields.timeZone ?? conversation.time_zone ?? null,
        job.conversation_id,
      );
      this.#finish(jobId, 'completed');
      this.#writeWebhookDelivery(jobId, 'completed');
      return true;
    });
    const completed = complete.immediate();
    if (completed) this.#wakeups.next();
    return completed;
  }

  async saveLiveConversation(
    conversation: ConversationRecord,
    outcome: JobOutcome,
    writerId: string,
  ): Promise<boolean> {
    const save = this.#db.transaction((): boolean => {
      if (!this.#ownLiveConversation(conversation)) return false;
      this.#replaceWriterMessages(conversation.id, writerId, outcome.messages);
      this.#replaceInsights(conversation.id, outcome.insights);
      const fields = outcome.conversation ?? {};
      this.#sql(
        `UPDATE conversations SET name = ?, start_time = COALESCE(?, start_time),
             end_time = COALESCE(?, end_time), members = COALESCE(?, members),
             time_zone = COALESCE(?, time_zone) WHERE id = ?`,
      ).run(
        conversation.name,
        fields.startTime ?? null,
        fields.endTime ?? null,
        fields.members === undefined ? null : JSON.stringify(fields.members),
        fields.timeZone ?? conversation.timeZone ?? null,
        conversation.id,
      );
      return true;
    });
    return save.immediate();
  }

  async appendLiveMessages(
    conversation: ConversationRecord,
    messages: readonly Record<string, unknown>[],
    writerId: string,
  ): Promise<boolean> {
    const append = this.#db.transaction((): boolean => {
      if (!this.#ownLiveConversation(conversation)) return false;
      const next = this.#sql(
        'SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM messages WHERE conversation_id = ?',
      ).get(conversation.id) as Row;
      // The same message appended twice is written once (its body updated).
      const insert = this.#sql(
        `INSERT INTO messages (conversation_id, seq, id, job_id, body, words, sentiment)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(job_id, id) DO UPDATE SET
           body = excluded.body, words = excluded.words, sentiment = excluded.sentiment`,
      );
      messages.forEach((body, i) => {
        insert.run(
          conversation.id,
          (next.next as number) + i,
          String(body.id),
          writerId,
          ...splitMessage(body),
        );
      });
      return true;
    });
    return append.immediate();
  }

  async claimWebhookDelivery(
    owner: string,
    leaseMs: number,
    now = Date.now(),
  ): Promise<WebhookDeliveryRecord | undefined> {
    const claim = this.#db.transaction((): Row | undefined => {
      const row = this.#sql(
        `SELECT d.seq FROM webhook_deliveries d
           WHERE d.state = 'pending' AND d.next_attempt_at <= ?
             AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ?)
             AND NOT EXISTS (
               SELECT 1 FROM webhook_deliveries e
               WHERE e.job_id = d.job_id AND e.seq < d.seq AND e.state = 'pending')
           ORDER BY d.next_attempt_at, d.seq LIMIT 1`,
      ).get(now, now) as Row | undefined;
      if (row === undefined) return undefined;
      this.#sql(
        `UPDATE webhook_deliveries SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,
             updated_at = ? WHERE seq = ?`,
      ).run(owner, now + leaseMs, new Date(now).toISOString(), row.seq);
      return this.#sql('SELECT * FROM webhook_deliveries WHERE seq = ?').get(row.seq) as Row;
    });
    const row = claim.immediate();
    return row === undefined ? undefined : toWebhookDelivery(row);
  }

  async settleWebhookDelivery(id: string, owner: string, settlement: WebhookSettlement): Promise<boolean> {
    const nextAttemptAt = settlement.state === 'pending' ? settlement.nextAttemptAt : null;
    const error = settlement.state === 'delivered' ? null : settlement.error;
    return (
      this.#sql(
        `UPDATE webhook_deliveries SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at),
             last_error = COALESCE(?, last_error), lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
           WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
      ).run(settlement.state, nextAttemptAt, error, new Date().toISOString(), id, owner).changes > 0
    );
  }

  async listWebhookDeliveries(appId: string, jobId: string): Promise<WebhookDeliveryRecord[]> {
    return (
      this.#sql('SELECT * FROM webhook_deliveries WHERE app_id = ? AND job_id = ? ORDER BY seq').all(
        appId,
        jobId,
      ) as Row[]
    ).map(toWebhookDelivery);
  }

  async countRequests(appId: string, windowStart: number, added: number): Promise<number> {
    const count = this.#db.transaction((): number => {
      this.#sql('DELETE FROM request_counts WHERE app_id = ? AND window_start < ?').run(appId, windowStart);
      const row = this.#sql(
        `INSERT INTO request_counts (app_id, window_start, count) VALUES (?, ?, ?)
           ON CONFLICT(app_id, window_start) DO UPDATE SET count = count + excluded.count
           RETURNING count`,
      ).get(appId, windowStart, added) as Row;
      return row.count as number;
    });
    return count.immediate();
  }

  /**
   * Writes the webhook delivery that reports `status` of the job, when the job has a webhook URL.
   * Call inside the transaction that changes the status.
   */
  #writeWebhookDelivery(jobId: string, status: JobState): void {
    const job = this.#sql('SELECT app_id, conversation_id, webhook_url FROM jobs WHERE id = ?').get(jobId) as
      | Row
      | undefined;
    if (job === undefined || job.webhook_url == null || job.webhook_url === '') return;
    const now = Date.now();
    const payload = { jobId, status, conversationId: job.conversation_id };
    this.#sql(
      `INSERT INTO webhook_deliveries (id, app_id, job_id, url, payload, state, next_attempt_at,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    ).run(
      randomUUID(),
      job.app_id,
      jobId,
      job.webhook_url,
      JSON.stringify(payload),
      now,
      new Date(now).toISOString(),
      new Date(now).toISOString(),
    );
  }

  /**
   * Replaces the messages `writerId` (a job, or a live conversation's writer) stored in the
   * conversation with `messages`, appended after every other message. Call inside a transaction.
   */
  #replaceWriterMessages(conversationId: string, writerId: string, messages: JobOutcome['messages']): void {
    this.#sql('DELETE FROM messages WHERE conversation_id = ? AND job_id = ?').run(conversationId, writerId);
    const next = this.#sql(
      'SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM messages WHERE conversation_id = ?',
    ).get(conversationId) as Row;
    const insertMessage = this.#sql(
      'INSERT INTO messages (conversation_id, seq, id, job_id, body, words, sentiment) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    messages.forEach((body, i) => {
      insertMessage.run(
        conversationId,
        (next.next as number) + i,
        String(body.id),
        writerId,
        ...splitMessage(body),
      );
    });
  }

  /** Replaces each insight family the outcome lists, as a whole. Call inside a transaction. */
  #replaceInsights(conversationId: string, insights: JobOutcome['insights']): void {
    const insertInsight = this.#sql(
      'INSERT INTO insights (conversation_id, kind, seq, body) VALUES (?, ?, ?, ?)',
    );
    for (const [kind, items] of Object.entries(insights ?? {})) {
      this.#sql('DELETE FROM insights WHERE conversation_id = ? AND kind = ?').run(conversationId, kind);
      (items ?? []).forEach((body, i) => {
        insertInsight.run(conversationId, kind, i, JSON.stringify(body));
      });
    }
  }

  async failJob(jobId: string, owner: string, reason: string): Promise<boolean> {
    const fail = this.#db.transaction((): boolean => {
      if (this.#heldJob(jobId, owner) === undefined) return false;
      this.#finish(jobId, 'failed', reason);
      this.#writeWebhookDelivery(jobId, 'failed');
      return true;
    });
    const failed = fail.immediate();
    if (failed) this.#wakeups.next();
    return failed;
  }

  async countActiveJobs(appId?: string): Promise<number> {
    return this.#countActive(appId);
  }

  jobWakeups(): Observable<void> {
    return this.#wakeups.asObservable();
  }

  async listNeededMediaPaths(): Promise<string[]> {
    const rows = this.#sql(
      `SELECT json_extract(input, '$.path') AS path FROM jobs
         WHERE json_extract(input, '$.type') = 'media'
           AND (status IN ('scheduled', 'in_progress')
             OR (status = 'completed' AND json_extract(input, '$.keep') = 1))`,
    ).all() as Row[];
    return rows.map((row) => row.path as string);
  }

  async listConversationJobs(conversationId: string): Promise<JobRecord[]> {
    const rows = this.#sql('SELECT * FROM jobs WHERE conversation_id = ? ORDER BY seq').all(
      conversationId,
    ) as Row[];
    return rows.map(toJob);
  }

  async putTracker(tracker: TrackerRecord): Promise<void> {
    await this.putTrackers([tracker]);
  }

  async putTrackers(trackers: readonly TrackerRecord[]): Promise<void> {
    const upsert = this.#sql(
      `INSERT INTO trackers (id, app_id, name, vocabulary, description, categories, languages,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, vocabulary = excluded.vocabulary,
         description = excluded.description, categories = excluded.categories,
         languages = excluded.languages, updated_at = excluded.updated_at`,
    );
    const write = this.#db.transaction(() => {
      for (const tracker of trackers) {
        try {
          upsert.run(
            tracker.id,
            tracker.appId,
            tracker.name,
            JSON.stringify(tracker.vocabulary),
            tracker.description ?? null,
            tracker.categories === undefined ? null : JSON.stringify(tracker.categories),
            tracker.languages === undefined ? null : JSON.stringify(tracker.languages),
            tracker.createdAt,
            tracker.updatedAt,
          );
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new ConflictError(`A tracker named "${tracker.name}" already exists.`, { cause: error });
          }
          throw error;
        }
      }
    });
    write.immediate();
  }

  async getTracker(appId: string, id: string): Promise<TrackerRecord | undefined> {
    const row = this.#sql('SELECT * FROM trackers WHERE id = ? AND app_id = ?').get(id, appId) as
      | Row
      | undefined;
    return row === undefined ? undefined : toTracker(row);
  }

  async listTrackers(appId: string): Promise<TrackerRecord[]> {
    return (
      this.#sql('SELECT * FROM trackers WHERE app_id = ? ORDER BY created_at, rowid').all(appId) as Row[]
    ).map(toTracker);
  }

  async deleteTracker(appId: string, id: string): Promise<boolean> {
    return this.#sql('DELETE FROM trackers WHERE id = ? AND app_id = ?').run(id, appId).changes > 0;
  }

  async putNode(node: NodeRecord): Promise<void> {
    this.#sql(
      `INSERT INTO nodes (id, url, role, media_dir, media_probe, started_at, seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET url = excluded.url, role = excluded.role,
           media_dir = excluded.media_dir, media_probe = excluded.media_probe,
           started_at = excluded.started_at, seen_at = excluded.seen_at`,
    ).run(node.id, node.url, node.role, node.mediaDir, node.mediaProbe, node.startedAt, Date.now());
  }

  async touchNode(nodeId: string, now = Date.now()): Promise<boolean> {
    return this.#sql('UPDATE nodes SET seen_at = ? WHERE id = ?').run(now, nodeId).changes > 0;
  }

  async listNodes(aliveWithinMs: number, now = Date.now()): Promise<NodeRecord[]> {
    const rows = this.#sql('SELECT * FROM nodes WHERE seen_at >= ? ORDER BY started_at, id').all(
      now - aliveWithinMs,
    ) as Row[];
    return rows.map(toNode);
  }

  async removeNode(nodeId: string): Promise<void> {
    const remove = this.#db.transaction(() => {
      this.#sql('DELETE FROM live_sessions WHERE node_id = ?').run(nodeId);
      this.#sql('DELETE FROM nodes WHERE id = ?').run(nodeId);
    });
    remove.immediate();
  }

  async pruneNodes(unseenForMs: number, now = Date.now()): Promise<void> {
    const prune = this.#db.transaction(() => {
      this.#sql('DELETE FROM live_sessions WHERE node_id IN (SELECT id FROM nodes WHERE seen_at < ?)').run(
        now - unseenForMs,
      );
      this.#sql('DELETE FROM nodes WHERE seen_at < ?').run(now - unseenForMs);
    });
    prune.immediate();
  }

  async claimLiveSession(
    session: { appId: string; id: string; kind: LiveSessionKind; nodeId: string },
    aliveWithinMs: number,
    now = Date.now(),
  ): Promise<LiveSessionOwner> {
    const claim = this.#db.transaction((): LiveSessionOwner | undefined => {
      const holder = this.#liveSessionHolder(session.appId, session.id, aliveWithinMs, now);
      if (holder !== undefined) return holder;
      this.#sql(
        `INSERT INTO live_sessions (app_id, id, kind, node_id, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(app_id, id) DO UPDATE SET kind = excluded.kind, node_id = excluded.node_id,
             created_at = excluded.created_at`,
      ).run(session.appId, session.id, session.kind, session.nodeId, new Date(now).toISOString());
      return this.#liveSessionHolder(session.appId, session.id, aliveWithinMs, now);
    });
    const holder = claim.immediate();
    if (holder === undefined) {
      throw new Error(
        `live session ${session.id} claimed by node ${session.nodeId}, which is not registered`,
      );
    }
    return holder;
  }

  async findLiveSession(
    appId: string,
    id: string,
    aliveWithinMs: number,
    now = Date.now(),
  ): Promise<LiveSessionOwner | undefined> {
    return this.#liveSessionHolder(appId, id, aliveWithinMs, now);
  }

  async releaseLiveSession(appId: string, id: string, nodeId: string): Promise<void> {
    this.#sql('DELETE FROM live_sessions WHERE app_id = ? AND id = ? AND node_id = ?').run(appId, id, nodeId);
  }

  async putGroups(groups: readonly GroupRecord[]): Promise<void> {
    this.#management.putGroups(groups);
  }

  async getGroup(appId: string, id: string): Promise<GroupRecord | undefined> {
    return this.#management.getGroup(appId, id);
  }

  async listGroups(appId: string): Promise<GroupRecord[]> {
    return this.#management.listGroups(appId);
  }

  async deleteGroup(appId: string, id: string): Promise<boolean> {
    return this.#management.deleteGroup(appId, id);
  }

  async putBookmark(bookmark: BookmarkRecord): Promise<boolean> {
    return this.#management.putBookmark(bookmark);
  }

  async getBookmark(appId: string, conversationId: string, id: string): Promise<BookmarkRecord | undefined> {
    return this.#management.getBookmark(appId, conversationId, id);
  }

  async listBookmarks(appId: string, conversationId: string): Promise<BookmarkRecord[]> {
    return this.#management.listBookmarks(appId, conversationId);
  }

  async deleteBookmark(appId: string, conversationId: string, id: string): Promise<boolean> {
    return this.#management.deleteBookmark(appId, conversationId, id);
  }

  async putEntityDefinitions(definitions: readonly EntityDefinitionRecord[]): Promise<void> {
    this.#management.putEntityDefinitions(definitions);
  }

  async getEntityDefinition(appId: string, id: string): Promise<EntityDefinitionRecord | undefined> {
    return this.#management.getEntityDefinition(appId, id);
  }

  async listEntityDefinitions(appId: string, subType?: string): Promise<EntityDefinitionRecord[]> {
    return this.#management.listEntityDefinitions(appId, subType);
  }

  async deleteEntityDefinition(appId: string, id: string): Promise<boolean> {
    return this.#management.deleteEntityDefinition(appId, id);
  }

  async deleteEntityDefinitionsOfSubType(appId: string, subType: string): Promise<number> {
    return this.#management.deleteEntityDefinitionsOfSubType(appId, subType);
  }

  async close(): Promise<void> {
    this.#wakeups.complete();
    if (this.#db.open) this.#db.close();
  }

  #liveSessionHolder(
    appId: string,
    id: string,
    aliveWithinMs: number,
    now: number,
  ): LiveSessionOwner | undefined {
    const row = this.#sql(
      `SELECT s.node_id, s.kind, n.url FROM live_sessions s JOIN nodes n ON n.id = s.node_id
         WHERE s.app_id = ? AND s.id = ? AND n.seen_at >= ?`,
    ).get(appId, id, now - aliveWithinMs) as Row | undefined;
    return row === undefined
      ? undefined
      : { nodeId: row.node_id as string, url: row.url as string, kind: row.kind as LiveSessionKind };
  }

  /**
   * Creates the live conversation when missing (whichever writer comes first). False when the id
   * belongs to another app. Call inside a transaction.
   */
  #ownLiveConversation(conversation: ConversationRecord): boolean {
    const existing = this.#sql('SELECT app_id FROM conversations WHERE id = ?').get(conversation.id) as
      | Row
      | undefined;
    if (existing === undefined) this.#insertConversation(conversation);
    return existing === undefined || existing.app_id === conversation.appId;
  }

  #insertConversation(c: ConversationRecord): void {
    this.#sql(
      `INSERT INTO conversations
         (id, app_id, type, name, start_time, end_time, members, metadata, created_at, time_zone)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
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
    );
  }

  #countActive(appId?: string): number {
    const sql = `SELECT COUNT(*) AS n FROM jobs WHERE status IN ('scheduled', 'in_progress')`;
    const row = (
      appId === undefined ? this.#sql(sql).get() : this.#sql(`${sql} AND app_id = ?`).get(appId)
    ) as Row;
    return row.n as number;
  }

  #heldJob(jobId: string, owner: string): Row | undefined {
    return this.#sql(`SELECT * FROM jobs WHERE id = ? AND lease_owner = ? AND status = 'in_progress'`).get(
      jobId,
      owner,
    ) as Row | undefined;
  }

  #finish(jobId: string, status: 'completed' | 'failed', reason?: string): void {
    this.#sql(
      `UPDATE jobs SET status = ?, error = ?, lease_owner = NULL, lease_expires_at = NULL, progress = NULL,
           updated_at = ? WHERE id = ?`,
    ).run(status, reason ?? null, new Date().toISOString(), jobId);
  }

  async #jobById(jobId: string): Promise<JobRecord | undefined> {
    const row = this.#sql('SELECT * FROM jobs WHERE id = ?').get(jobId) as Row | undefined;
    return row === undefined ? undefined : toJob(row);
  }
}

function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const apply = db.transaction(() => {
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => (row as Row).version as number),
    );
    for (const migration of sqliteMigrations) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }
  });
  apply.immediate();
}

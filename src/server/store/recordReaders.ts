import type { JobProgress } from '../../model/job.ts';
import type {
  AppRecord,
  ConversationRecord,
  JobRecord,
  NodeRecord,
  TrackerRecord,
  WebhookDeliveryRecord,
} from './StoreRecords.ts';

/** A row as a driver returns it: column name to value. */
export type Row = Record<string, unknown>;

/**
 * The store's records from table rows, for both databases: the tables have the same columns, and
 * differ only in how a JSON column arrives (SQLite: text to parse; PostgreSQL: already decoded),
 * how an int8 arrives (PostgreSQL: text) and how a boolean does (SQLite: 0 or 1).
 */
export function recordReaders(json: (value: unknown) => unknown) {
  const parsed = <T>(value: unknown) => json(value) as T;
  return {
    toApp(row: Row): AppRecord {
      return {
        appId: row.app_id as string,
        secretHash: row.secret_hash as string,
        secretVersion: Number(row.secret_version),
        ...(row.webhook_key == null ? {} : { webhookKey: row.webhook_key as string }),
        createdAt: row.created_at as string,
      };
    },
    toConversation(row: Row): ConversationRecord {
      return {
        id: row.id as string,
        appId: row.app_id as string,
        type: row.type as string,
        name: row.name as string,
        ...(row.start_time == null ? {} : { startTime: row.start_time as string }),
        ...(row.end_time == null ? {} : { endTime: row.end_time as string }),
        ...(row.time_zone == null ? {} : { timeZone: row.time_zone as string }),
        members: parsed<unknown[]>(row.members),
        metadata: parsed<Record<string, string>>(row.metadata),
        createdAt: row.created_at as string,
        messagesVersion: Number(row.messages_version),
      };
    },
    toJob(row: Row): JobRecord {
      return {
        id: row.id as string,
        appId: row.app_id as string,
        conversationId: row.conversation_id as string,
        // Job numbers and epoch milliseconds are safe integers.
        seq: Number(row.seq),
        status: row.status as JobRecord['status'],
        append: row.append_to === true || row.append_to === 1,
        input: parsed<JobRecord['input']>(row.input),
        options: parsed<Record<string, unknown>>(row.options),
        ...(row.webhook_url == null ? {} : { webhookUrl: row.webhook_url as string }),
        ...(row.error == null ? {} : { error: row.error as string }),
        ...(row.progress == null ? {} : { progress: parsed<JobProgress>(row.progress) }),
        attempts: Number(row.attempts),
        ...(row.lease_owner == null ? {} : { leaseOwner: row.lease_owner as string }),
        ...(row.lease_expires_at == null ? {} : { leaseExpiresAt: Number(row.lease_expires_at) }),
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
      };
    },
    toNode(row: Row): NodeRecord {
      return {
        id: row.id as string,
        url: row.url as string,
        role: row.role as NodeRecord['role'],
        mediaDir: row.media_dir as string,
        mediaProbe: row.media_probe as string,
        startedAt: row.started_at as string,
      };
    },
    toWebhookDelivery(row: Row): WebhookDeliveryRecord {
      return {
        id: row.id as string,
        appId: row.app_id as string,
        jobId: row.job_id as string,
        url: row.url as string,
        payload: parsed<WebhookDeliveryRecord['payload']>(row.payload),
        state: row.state as WebhookDeliveryRecord['state'],
        attempts: Number(row.attempts),
        nextAttemptAt: Number(row.next_attempt_at),
        ...(row.last_error == null ? {} : { lastError: row.last_error as string }),
        createdAt: row.created_at as string,
      };
    },
    toTracker(row: Row): TrackerRecord {
      return {
        id: row.id as string,
        appId: row.app_id as string,
        name: row.name as string,
        vocabulary: parsed<string[]>(row.vocabulary),
        ...(row.description == null ? {} : { description: row.description as string }),
        ...(row.categories == null ? {} : { categories: parsed<string[]>(row.categories) }),
        ...(row.languages == null ? {} : { languages: parsed<string[]>(row.languages) }),
        createdAt: row.created_at as string,
        updatedAt: row.updated_at as string,
      };
    },
  };
}

/**
 * A message as its three columns: the body without `words` and `sentiment`, then each of them
 * (null when absent), each as JSON text. Words are most of a message's bytes and are served only
 * on request.
 */
export function splitMessage(message: Record<string, unknown>): [string, string | null, string | null] {
  const { words, sentiment, ...body } = message;
  return [
    JSON.stringify(body),
    words === undefined ? null : JSON.stringify(words),
    sentiment === undefined ? null : JSON.stringify(sentiment),
  ];
}

/**
 * The message a row of {@link splitMessage}'s columns holds (with the columns a query left out
 * absent), each column decoded by `json`.
 */
export function joinMessage(row: Row, json: (value: unknown) => unknown = jsonText): Record<string, unknown> {
  const body = json(row.body) as Record<string, unknown>;
  if (row.sentiment != null) body.sentiment = json(row.sentiment);
  if (row.words != null) body.words = json(row.words);
  return body;
}

function jsonText(value: unknown): unknown {
  return JSON.parse(value as string);
}

import type { JobProgress } from '../../model/job.ts';
import type { AppRecord, ConversationRecord, JobRecord, NodeRecord, TrackerRecord } from './StoreRecords.ts';

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
        members: parsed<unknown[]>(row.members),
        metadata: parsed<Record<string, string>>(row.metadata),
        createdAt: row.created_at as string,
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

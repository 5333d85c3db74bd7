/**
 * Schema versions of the SQLite store, applied in order and recorded in `schema_migrations`.
 * Never edit a published migration; add the next one.
 */
export const sqliteMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE apps (
        app_id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        start_time TEXT,
        end_time TEXT,
        members TEXT NOT NULL,
        metadata TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX conversations_by_app ON conversations(app_id, start_time);
      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (job_id, id)
      );
      CREATE TABLE insights (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (conversation_id, kind, seq)
      );
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        conversation_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'failed')),
        append_to INTEGER NOT NULL,
        input TEXT NOT NULL,
        options TEXT NOT NULL,
        webhook_url TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_runnable ON jobs(status, seq);
      CREATE INDEX jobs_by_conversation ON jobs(conversation_id, seq);
      CREATE TABLE trackers (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        name TEXT NOT NULL,
        vocabulary TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (app_id, name)
      );
    `,
  },
  {
    version: 2,
    name: 'tracker description, categories and languages',
    sql: `
      ALTER TABLE trackers ADD COLUMN description TEXT;
      ALTER TABLE trackers ADD COLUMN categories TEXT;
      ALTER TABLE trackers ADD COLUMN languages TEXT;
    `,
  },
  {
    version: 3,
    name: 'job progress',
    sql: `
      ALTER TABLE jobs ADD COLUMN progress TEXT;
    `,
  },
  {
    version: 4,
    name: 'exposure: webhook deliveries, secret versions, request counts',
    sql: `
      CREATE TABLE webhook_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        app_id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        url TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
      CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries(job_id, seq);
      ALTER TABLE apps ADD COLUMN secret_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE apps ADD COLUMN webhook_key TEXT;
      CREATE TABLE request_counts (
        app_id TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (app_id, window_start)
      );
      -- Signing keys no longer live in the store (they are derived from the server key).
      DELETE FROM settings WHERE key IN ('auth.jwtHs256Key', 'pages.grantHs256Key');
    `,
  },
  {
    version: 5,
    name: 'messages: words and sentiment beside the body; a count of changes per conversation',
    sql: `
      ALTER TABLE messages ADD COLUMN words TEXT;
      ALTER TABLE messages ADD COLUMN sentiment TEXT;
      UPDATE messages SET
        words = body -> '$.words',
        sentiment = body -> '$.sentiment',
        body = json_remove(body, '$.words', '$.sentiment');
      -- Counted by triggers, so every writer (any process sharing the file) moves it.
      ALTER TABLE conversations ADD COLUMN messages_version INTEGER NOT NULL DEFAULT 0;
      CREATE TRIGGER messages_inserted AFTER INSERT ON messages BEGIN
        UPDATE conversations SET messages_version = messages_version + 1 WHERE id = NEW.conversation_id;
      END;
      CREATE TRIGGER messages_updated AFTER UPDATE ON messages BEGIN
        UPDATE conversations SET messages_version = messages_version + 1 WHERE id = NEW.conversation_id;
      END;
      CREATE TRIGGER messages_deleted AFTER DELETE ON messages BEGIN
        UPDATE conversations SET messages_version = messages_version + 1 WHERE id = OLD.conversation_id;
      END;
    `,
  },
  {
    version: 6,
    name: 'conversation time zone',
    sql: `
      ALTER TABLE conversations ADD COLUMN time_zone TEXT;
    `,
  },
  {
    version: 7,
    name: 'conversation groups, bookmarks and managed entity definitions',
    sql: `
      CREATE TABLE conversation_groups (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        name TEXT NOT NULL,
        description TEXT,
        criteria TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversation_groups_by_app ON conversation_groups(app_id, created_at);
      CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX bookmarks_by_conversation ON bookmarks(conversation_id, created_at);
      CREATE TABLE entity_definitions (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        type TEXT NOT NULL,
        sub_type TEXT NOT NULL,
        category TEXT NOT NULL,
        entity_values TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX entity_definitions_by_app ON entity_definitions(app_id, sub_type);
    `,
  },
  {
    version: 8,
    name: 'nodes of the deployment and the live sessions they hold',
    sql: `
      CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        role TEXT NOT NULL,
        media_dir TEXT NOT NULL,
        media_probe TEXT NOT NULL,
        started_at TEXT NOT NULL,
        seen_at INTEGER NOT NULL
      );
      CREATE TABLE live_sessions (
        app_id TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('streaming', 'telephony')),
        node_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (app_id, id)
      );
      CREATE INDEX live_sessions_by_node ON live_sessions(node_id);
    `,
  },
];

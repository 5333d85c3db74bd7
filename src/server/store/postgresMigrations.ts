/**
 * Schema versions of the PostgreSQL store, applied in order (each in its own transaction) and
 * recorded in `schema_migrations`. Never edit a published migration; add the next one. Times the
 * API serves are kept as the ISO text it serves (exactly as SQLite keeps them); wire objects are
 * `json`, which keeps their text (key order included) as the API received or produced it.
 */
export const postgresMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE apps (
        app_id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        ord BIGINT GENERATED ALWAYS AS IDENTITY
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
        members JSON NOT NULL,
        metadata JSON NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX conversations_by_app ON conversations(app_id, (COALESCE(start_time, created_at)));
      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        body JSON NOT NULL,
        PRIMARY KEY (conversation_id, seq),
        UNIQUE (job_id, id)
      );
      CREATE INDEX messages_by_id ON messages(conversation_id, id);
      CREATE TABLE insights (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        body JSON NOT NULL,
        PRIMARY KEY (conversation_id, kind, seq)
      );
      CREATE TABLE jobs (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        conversation_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'failed')),
        append_to BOOLEAN NOT NULL,
        input JSON NOT NULL,
        options JSON NOT NULL,
        webhook_url TEXT,
        error TEXT,
        progress JSON,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires_at BIGINT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Claims and the per-conversation order look only at unfinished jobs: keep those indexes small.
      CREATE INDEX jobs_unfinished ON jobs(seq) WHERE status IN ('scheduled', 'in_progress');
      CREATE INDEX jobs_unfinished_by_conversation ON jobs(conversation_id, seq)
        WHERE status IN ('scheduled', 'in_progress');
      CREATE INDEX jobs_by_conversation ON jobs(conversation_id, seq);
      CREATE INDEX jobs_unfinished_by_app ON jobs(app_id) WHERE status IN ('scheduled', 'in_progress');
      CREATE TABLE trackers (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        name TEXT NOT NULL,
        vocabulary JSON NOT NULL,
        description TEXT,
        categories JSON,
        languages JSON,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ord BIGINT GENERATED ALWAYS AS IDENTITY,
        UNIQUE (app_id, name)
      );
    `,
  },
  {
    version: 2,
    name: 'nodes of the deployment and the live sessions they hold',
    sql: `
      CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('api', 'worker', 'all')),
        media_dir TEXT NOT NULL,
        media_probe TEXT NOT NULL,
        started_at TEXT NOT NULL,
        seen_at BIGINT NOT NULL
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

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
  {
    version: 3,
    name: 'exposure: webhook deliveries, secret versions, request counts',
    sql: `
      CREATE TABLE webhook_deliveries (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        app_id TEXT NOT NULL,
        job_id TEXT NOT NULL,
        url TEXT NOT NULL,
        payload JSON NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        lease_owner TEXT,
        lease_expires_at BIGINT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Senders look only at pending deliveries: keep that index small.
      CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(next_attempt_at, seq)
        WHERE state = 'pending';
      CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries(job_id, seq);
      ALTER TABLE apps ADD COLUMN secret_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE apps ADD COLUMN webhook_key TEXT;
      CREATE TABLE request_counts (
        app_id TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (app_id, window_start)
      );
      -- Signing keys no longer live in the store (they are derived from the server key).
      DELETE FROM settings WHERE key IN ('auth.jwtHs256Key', 'pages.grantHs256Key');
    `,
  },
  {
    version: 4,
    name: 'messages: words and sentiment beside the body; a count of changes per conversation',
    sql: `
      ALTER TABLE messages ADD COLUMN words JSON;
      ALTER TABLE messages ADD COLUMN sentiment JSON;
      -- The body keeps its other keys in their order (json, not jsonb, which would sort them).
      UPDATE messages SET
        words = body -> 'words',
        sentiment = body -> 'sentiment',
        body = (SELECT COALESCE(json_object_agg(f.key, f.value ORDER BY f.ord), '{}'::json)
                FROM json_each(body) WITH ORDINALITY AS f(key, value, ord)
                WHERE f.key NOT IN ('words', 'sentiment'))
        WHERE body::jsonb ?| ARRAY['words', 'sentiment'];
      -- Moved by triggers, so every writer on every node moves it: a node's kept message lists
      -- are current exactly while it has not moved. One update per statement, not per row: a
      -- job's hundreds of messages are one insert.
      ALTER TABLE conversations ADD COLUMN messages_version BIGINT NOT NULL DEFAULT 0;
      CREATE FUNCTION parley_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversations SET messages_version = messages_version + 1
          WHERE id IN (SELECT DISTINCT conversation_id FROM changed);
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER messages_inserted AFTER INSERT ON messages REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_changed();
      CREATE TRIGGER messages_updated AFTER UPDATE ON messages REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_changed();
      CREATE TRIGGER messages_deleted AFTER DELETE ON messages REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION parley_messages_changed();
    `,
  },
  {
    version: 5,
    name: 'conversation time zone',
    sql: `
      ALTER TABLE conversations ADD COLUMN time_zone TEXT;
    `,
  },
  {
    version: 6,
    name: 'conversation groups, bookmarks and managed entity definitions',
    sql: `
      CREATE TABLE conversation_groups (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        name TEXT NOT NULL,
        description TEXT,
        criteria TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ord BIGINT GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX conversation_groups_by_app ON conversation_groups(app_id, ord);
      CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        body JSON NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ord BIGINT GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX bookmarks_by_conversation ON bookmarks(conversation_id, ord);
      CREATE TABLE entity_definitions (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL REFERENCES apps(app_id),
        type TEXT NOT NULL,
        sub_type TEXT NOT NULL,
        category TEXT NOT NULL,
        entity_values JSON NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ord BIGINT GENERATED ALWAYS AS IDENTITY
      );
      CREATE INDEX entity_definitions_by_app ON entity_definitions(app_id, sub_type);
    `,
  },
];

import type { Pool, PoolClient } from 'pg';
import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import { toBookmark, toEntityDefinition, toGroup } from './managementRecordReaders.ts';

/** The JSON columns as text, so that both stores read these rows with the same readers. */
const BOOKMARK_COLUMNS = 'id, app_id, conversation_id, body::text AS body, created_at, updated_at';
const DEFINITION_COLUMNS =
  'id, app_id, type, sub_type, category, entity_values::text AS entity_values, created_at, updated_at';

/**
 * The conversation-group, bookmark and managed-entity tables of the PostgreSQL store (migration
 * 6). `PostgresStore` delegates these families here: writes of several rows are one transaction
 * (run by `transaction`), and every read and write is scoped to the calling app (an id of another
 * app's row matches nothing, also on update). Oldest first is insertion order (`ord`).
 */
export class PostgresManagementTables {
  readonly #pool: Pool;
  readonly #transaction: <T>(work: (db: PoolClient) => Promise<T>) => Promise<T>;

  constructor(pool: Pool, transaction: <T>(work: (db: PoolClient) => Promise<T>) => Promise<T>) {
    this.#pool = pool;
    this.#transaction = transaction;
  }

  async putGroups(groups: readonly GroupRecord[]): Promise<void> {
    await this.#transaction(async (db) => {
      for (const g of groups) {
        await db.query(
          `INSERT INTO conversation_groups (id, app_id, name, description, criteria, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
             criteria = excluded.criteria, updated_at = excluded.updated_at
           WHERE conversation_groups.app_id = excluded.app_id`,
          [g.id, g.appId, g.name, g.description ?? null, g.criteria, g.createdAt, g.updatedAt],
        );
      }
    });
  }

  async getGroup(appId: string, id: string): Promise<GroupRecord | undefined> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM conversation_groups WHERE id = $1 AND app_id = $2',
      [id, appId],
    );
    return rows[0] === undefined ? undefined : toGroup(rows[0]);
  }

  async listGroups(appId: string): Promise<GroupRecord[]> {
    const { rows } = await this.#pool.query(
      'SELECT * FROM conversation_groups WHERE app_id = $1 ORDER BY ord',
      [appId],
    );
    return rows.map(toGroup);
  }

  async deleteGroup(appId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'DELETE FROM conversation_groups WHERE id = $1 AND app_id = $2',
      [id, appId],
    );
    return (rowCount ?? 0) > 0;
  }

  async putBookmark(bookmark: BookmarkRecord): Promise<boolean> {
    const { id, appId, conversationId, createdAt, updatedAt, ...body } = bookmark;
    // The conversation check and the write are one statement: no window for a delete between them.
    const { rowCount } = await this.#pool.query(
      `INSERT INTO bookmarks (id, app_id, conversation_id, body, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM conversations WHERE id = $3 AND app_id = $2)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
       WHERE bookmarks.app_id = excluded.app_id AND bookmarks.conversation_id = excluded.conversation_id`,
      [id, appId, conversationId, JSON.stringify(body), createdAt, updatedAt],
    );
    return (rowCount ?? 0) > 0;
  }

  async getBookmark(appId: string, conversationId: string, id: string): Promise<BookmarkRecord | undefined> {
    const { rows } = await this.#pool.query(
      `SELECT ${BOOKMARK_COLUMNS} FROM bookmarks WHERE id = $1 AND app_id = $2 AND conversation_id = $3`,
      [id, appId, conversationId],
    );
    return rows[0] === undefined ? undefined : toBookmark(rows[0]);
  }

  async listBookmarks(appId: string, conversationId: string): Promise<BookmarkRecord[]> {
    const { rows } = await this.#pool.query(
      `SELECT ${BOOKMARK_COLUMNS} FROM bookmarks WHERE app_id = $1 AND conversation_id = $2 ORDER BY ord`,
      [appId, conversationId],
    );
    return rows.map(toBookmark);
  }

  async deleteBookmark(appId: string, conversationId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'DELETE FROM bookmarks WHERE id = $1 AND app_id = $2 AND conversation_id = $3',
      [id, appId, conversationId],
    );
    return (rowCount ?? 0) > 0;
  }

  async putEntityDefinitions(definitions: readonly EntityDefinitionRecord[]): Promise<void> {
    await this.#transaction(async (db) => {
      for (const d of definitions) {
        await db.query(
          `INSERT INTO entity_definitions (id, app_id, type, sub_type, category, entity_values, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET type = excluded.type, sub_type = excluded.sub_type,
             category = excluded.category, entity_values = excluded.entity_values, updated_at = excluded.updated_at
           WHERE entity_definitions.app_id = excluded.app_id`,
          [d.id, d.appId, d.type, d.subType, d.category, JSON.stringify(d.values), d.createdAt, d.updatedAt],
        );
      }
    });
  }

  async getEntityDefinition(appId: string, id: string): Promise<EntityDefinitionRecord | undefined> {
    const { rows } = await this.#pool.query(
      `SELECT ${DEFINITION_COLUMNS} FROM entity_definitions WHERE id = $1 AND app_id = $2`,
      [id, appId],
    );
    return rows[0] === undefined ? undefined : toEntityDefinition(rows[0]);
  }

  async listEntityDefinitions(appId: string, subType?: string): Promise<EntityDefinitionRecord[]> {
    const { rows } =
      subType === undefined
        ? await this.#pool.query(
            `SELECT ${DEFINITION_COLUMNS} FROM entity_definitions WHERE app_id = $1 ORDER BY ord`,
            [appId],
          )
        : await this.#pool.query(
            `SELECT ${DEFINITION_COLUMNS} FROM entity_definitions WHERE app_id = $1 AND sub_type = $2 ORDER BY ord`,
            [appId, subType],
          );
    return rows.map(toEntityDefinition);
  }

  async deleteEntityDefinition(appId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'DELETE FROM entity_definitions WHERE id = $1 AND app_id = $2',
      [id, appId],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteEntityDefinitionsOfSubType(appId: string, subType: string): Promise<number> {
    const { rowCount } = await this.#pool.query(
      'DELETE FROM entity_definitions WHERE app_id = $1 AND sub_type = $2',
      [appId, subType],
    );
    return rowCount ?? 0;
  }
}

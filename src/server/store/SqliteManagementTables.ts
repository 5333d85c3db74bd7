import type Database from 'better-sqlite3';
import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import { toBookmark, toEntityDefinition, toGroup } from './managementRecordReaders.ts';
import type { Row } from './recordReaders.ts';

/**
 * The conversation-group, bookmark and managed-entity tables of the SQLite store (migration 7).
 * `SqliteStore` delegates its methods of these families here, so each promise of `Store` about
 * them is kept in one place: writes of several rows are one transaction, every read and write is
 * scoped to the calling app (an id of another app's row matches nothing, also on update).
 */
export class SqliteManagementTables {
  readonly #db: Database.Database;
  /** The store's prepared statement of some SQL, compiled once. */
  readonly #sql: (sql: string) => Database.Statement;

  constructor(db: Database.Database, sql: (sql: string) => Database.Statement) {
    this.#db = db;
    this.#sql = sql;
  }

  putGroups(groups: readonly GroupRecord[]): void {
    const upsert = this.#sql(
      `INSERT INTO conversation_groups (id, app_id, name, description, criteria, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
         criteria = excluded.criteria, updated_at = excluded.updated_at
       WHERE conversation_groups.app_id = excluded.app_id`,
    );
    this.#db.transaction(() => {
      for (const g of groups) {
        upsert.run(g.id, g.appId, g.name, g.description ?? null, g.criteria, g.createdAt, g.updatedAt);
      }
    })();
  }

  getGroup(appId: string, id: string): GroupRecord | undefined {
    const row = this.#sql('SELECT * FROM conversation_groups WHERE id = ? AND app_id = ?').get(id, appId) as
      | Row
      | undefined;
    return row === undefined ? undefined : toGroup(row);
  }

  listGroups(appId: string): GroupRecord[] {
    return (
      this.#sql('SELECT * FROM conversation_groups WHERE app_id = ? ORDER BY rowid').all(appId) as Row[]
    ).map(toGroup);
  }

  deleteGroup(appId: string, id: string): boolean {
    return (
      this.#sql('DELETE FROM conversation_groups WHERE id = ? AND app_id = ?').run(id, appId).changes > 0
    );
  }

  putBookmark(bookmark: BookmarkRecord): boolean {
    const { id, appId, conversationId, createdAt, updatedAt, ...body } = bookmark;
    // The conversation check and the write are one statement: no window for a delete between them.
    const result = this.#sql(
      `INSERT INTO bookmarks (id, app_id, conversation_id, body, created_at, updated_at)
         SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ? AND app_id = ?)
         ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         WHERE bookmarks.app_id = excluded.app_id AND bookmarks.conversation_id = excluded.conversation_id`,
    ).run(id, appId, conversationId, JSON.stringify(body), createdAt, updatedAt, conversationId, appId);
    return result.changes > 0;
  }

  getBookmark(appId: string, conversationId: string, id: string): BookmarkRecord | undefined {
    const row = this.#sql('SELECT * FROM bookmarks WHERE id = ? AND app_id = ? AND conversation_id = ?').get(
      id,
      appId,
      conversationId,
    ) as Row | undefined;
    return row === undefined ? undefined : toBookmark(row);
  }

  listBookmarks(appId: string, conversationId: string): BookmarkRecord[] {
    return (
      this.#sql('SELECT * FROM bookmarks WHERE app_id = ? AND conversation_id = ? ORDER BY rowid').all(
        appId,
        conversationId,
      ) as Row[]
    ).map(toBookmark);
  }

  deleteBookmark(appId: string, conversationId: string, id: string): boolean {
    return (
      this.#sql('DELETE FROM bookmarks WHERE id = ? AND app_id = ? AND conversation_id = ?').run(
        id,
        appId,
        conversationId,
      ).changes > 0
    );
  }

  putEntityDefinitions(definitions: readonly EntityDefinitionRecord[]): void {
    const upsert = this.#sql(
      `INSERT INTO entity_definitions (id, app_id, type, sub_type, category, entity_values, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET type = excluded.type, sub_type = excluded.sub_type,
         category = excluded.category, entity_values = excluded.entity_values, updated_at = excluded.updated_at
       WHERE entity_definitions.app_id = excluded.app_id`,
    );
    this.#db.transaction(() => {
      for (const d of definitions) {
        upsert.run(
          d.id,
          d.appId,
          d.type,
          d.subType,
          d.category,
          JSON.stringify(d.values),
          d.createdAt,
          d.updatedAt,
        );
      }
    })();
  }

  getEntityDefinition(appId: string, id: string): EntityDefinitionRecord | undefined {
    const row = this.#sql('SELECT * FROM entity_definitions WHERE id = ? AND app_id = ?').get(id, appId) as
      | Row
      | undefined;
    return row === undefined ? undefined : toEntityDefinition(row);
  }

  listEntityDefinitions(appId: string, subType?: string): EntityDefinitionRecord[] {
    const rows =
      subType === undefined
        ? this.#sql('SELECT * FROM entity_definitions WHERE app_id = ? ORDER BY rowid').all(appId)
        : this.#sql('SELECT * FROM entity_definitions WHERE app_id = ? AND sub_type = ? ORDER BY rowid').all(
            appId,
            subType,
          );
    return (rows as Row[]).map(toEntityDefinition);
  }

  deleteEntityDefinition(appId: string, id: string): boolean {
    return this.#sql('DELETE FROM entity_definitions WHERE id = ? AND app_id = ?').run(id, appId).changes > 0;
  }

  deleteEntityDefinitionsOfSubType(appId: string, subType: string): number {
    return this.#sql('DELETE FROM entity_definitions WHERE app_id = ? AND sub_type = ?').run(appId, subType)
      .changes;
  }
}

import type { BookmarkRecord, EntityDefinitionRecord, GroupRecord } from './ManagementRecords.ts';
import type { Row } from './recordReaders.ts';

/*
 * Records of the conversation-group, bookmark and managed-entity tables, from rows of either
 * database: their JSON columns (a bookmark's body, a definition's values) are read as text.
 */

export function toGroup(row: Row): GroupRecord {
  return {
    id: row.id as string,
    appId: row.app_id as string,
    name: row.name as string,
    ...(row.description == null ? {} : { description: row.description as string }),
    criteria: row.criteria as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

export function toBookmark(row: Row): BookmarkRecord {
  const body = JSON.parse(row.body as string) as Omit<
    BookmarkRecord,
    'id' | 'appId' | 'conversationId' | 'createdAt' | 'updatedAt'
  >;
  return {
    id: row.id as string,
    appId: row.app_id as string,
    conversationId: row.conversation_id as string,
    ...body,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

export function toEntityDefinition(row: Row): EntityDefinitionRecord {
  return {
    id: row.id as string,
    appId: row.app_id as string,
    type: row.type as string,
    subType: row.sub_type as string,
    category: row.category as string,
    values: JSON.parse(row.entity_values as string) as string[],
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

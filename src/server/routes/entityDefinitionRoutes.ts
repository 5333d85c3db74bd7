import { z } from 'zod';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { ConfirmationMessage } from '../../model/conversationCommon.ts';
import {
  BulkCreateEntitiesRequest,
  type ManagedEntityDefinition,
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionInput,
  ManagedEntityDefinitionsEnvelope,
} from '../../model/managedEntityDefinitions.ts';
import { parse } from '../../model/parse.ts';
import { DeletedResource } from '../../model/trackers.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { EntityDefinitionRecord } from '../store/ManagementRecords.ts';
import { checkAccountCap } from './checkAccountCap.ts';

/** `?subType=` of the list and bulk-delete routes. */
const SubTypeQuery = z.object({ subType: z.string().trim().min(1, 'subType cannot be blank').optional() });

/**
 * Managed entity definitions (`/v1/manage/entities`): named value lists (`type`, `subType`,
 * `category`, `values`) kept with the account. Bulk create answers 201; the rest 200. A delete by
 * id answers `{id, type: "entity", deleted: true}`; the delete by `subType` (which needs one: a
 * bare DELETE would wipe the account's entities) answers how many went. Definitions belong to the
 * calling app; another app's id is a 404.
 */
export function entityDefinitionRoutes(server: ServerContext): Route[] {
  const body = (ctx: RequestContext) => readJsonBody(ctx.req, server.limits.managementBodyBytes);
  const one = (record: EntityDefinitionRecord) =>
    responseBody(ManagedEntityDefinitionEnvelope, { entity: wireDefinition(record) }, 'entity');
  const many = (records: readonly EntityDefinitionRecord[]) =>
    responseBody(ManagedEntityDefinitionsEnvelope, { entities: records.map(wireDefinition) }, 'entities');

  const own = async (ctx: RequestContext): Promise<EntityDefinitionRecord> => {
    const record = await server.store.getEntityDefinition(ctx.appId, ctx.params.entityId ?? '');
    if (record === undefined)
      throw new NotFoundError(`Entity with id: ${ctx.params.entityId} does not exist.`);
    return record;
  };

  return [
    {
      method: 'GET',
      pattern: '/v1/manage/entities',
      async handle(ctx) {
        const { subType } = parse(SubTypeQuery, parseQuery(ctx.search), 'entities query');
        return { status: 200, body: many(await server.store.listEntityDefinitions(ctx.appId, subType)) };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/manage/entities/bulk',
      async handle(ctx) {
        const requests = parse(BulkCreateEntitiesRequest, await body(ctx), 'entities');
        const existing = await server.store.listEntityDefinitions(ctx.appId);
        checkAccountCap('entities', existing.length, requests.length, server.limits.entityDefinitionsPerApp);
        const now = new Date().toISOString();
        const records = requests.map(
          (r): EntityDefinitionRecord => ({
            id: randomNumericId(),
            appId: ctx.appId,
            ...r,
            values: [...new Set(r.values)],
            createdAt: now,
            updatedAt: now,
          }),
        );
        await server.store.putEntityDefinitions(records);
        server.logger.log('info', 'entities.created', { appId: ctx.appId, ids: records.map((r) => r.id) });
        return { status: 201, body: many(records) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/manage/entities',
      async handle(ctx) {
        const { subType } = parse(SubTypeQuery, parseQuery(ctx.search), 'entities query');
        if (subType === undefined) {
          throw new ValidationError('entities query', [
            { path: 'subType', message: 'name the subType whose entities to delete' },
          ]);
        }
        const count = await server.store.deleteEntityDefinitionsOfSubType(ctx.appId, subType);
        const reply = { message: `Deleted ${count} entities of subType ${subType}.` };
        return { status: 200, body: responseBody(ConfirmationMessage, reply, 'entities delete') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/manage/entities/:entityId',
      async handle(ctx) {
        return { status: 200, body: one(await own(ctx)) };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/manage/entities/:entityId',
      async handle(ctx) {
        const record = await own(ctx);
        const update = parse(ManagedEntityDefinitionInput, await body(ctx), 'entity update');
        const updated: EntityDefinitionRecord = {
          ...record,
          ...update,
          values: [...new Set(update.values)],
          updatedAt: new Date().toISOString(),
        };
        await server.store.putEntityDefinitions([updated]);
        return { status: 200, body: one(updated) };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/manage/entities/:entityId',
      async handle(ctx) {
        const record = await own(ctx);
        await server.store.deleteEntityDefinition(ctx.appId, record.id);
        const reply = { id: record.id, type: 'entity', deleted: true };
        return { status: 200, body: responseBody(DeletedResource, reply, 'entity delete') };
      },
    },
  ];
}

function wireDefinition(r: EntityDefinitionRecord): ManagedEntityDefinition {
  return { id: r.id, type: r.type, subType: r.subType, category: r.category, values: r.values };
}

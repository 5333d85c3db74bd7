import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { ConversationList, ConversationListQuery } from '../../model/conversation.ts';
import {
  BulkCreateGroupsRequest,
  type ConversationGroup,
  CreateGroupRequest,
  GroupEnvelope,
  GroupsEnvelope,
  UpdateGroupRequest,
} from '../../model/conversationGroups.ts';
import { parse } from '../../model/parse.ts';
import { DeletedResource } from '../../model/trackers.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { GroupRecord } from '../store/ManagementRecords.ts';
import { checkAccountCap } from './checkAccountCap.ts';
import { parseMetadataCriteria, toStoreListQuery } from './conversationListQuery.ts';
import { conversationBody } from './conversationRoutes.ts';

/**
 * Conversation groups: the Management API's `/v1/manage/group[s]` and the Conversation API's
 * `GET /v1/groups/{groupId}/conversations`. A group is a name and RSQL criteria over conversation
 * metadata; its conversations are those of the app whose metadata (set with
 * `PUT /v1/conversations/{id}`) match, listed with the same query parameters as
 * `GET /v1/conversations`. Criteria Parley cannot evaluate are refused when the group is written,
 * not when it is read. Groups belong to the calling app; another app's group id is a 404.
 */
export function groupRoutes(server: ServerContext): Route[] {
  const body = (ctx: RequestContext) => readJsonBody(ctx.req, server.limits.managementBodyBytes);

  const own = async (ctx: RequestContext): Promise<GroupRecord> => {
    const group = await server.store.getGroup(ctx.appId, ctx.params.groupId ?? '');
    if (group === undefined) throw new NotFoundError(`Group with id: ${ctx.params.groupId} does not exist.`);
    return group;
  };

  const create = async (
    ctx: RequestContext,
    requests: readonly CreateGroupRequest[],
  ): Promise<GroupRecord[]> => {
    for (const [i, r] of requests.entries()) {
      evaluable(r.criteria, requests.length === 1 ? 'criteria' : `[${i}].criteria`);
    }
    const existing = await server.store.listGroups(ctx.appId);
    checkAccountCap('groups', existing.length, requests.length, server.limits.groupsPerApp);
    const now = new Date().toISOString();
    const records = requests.map(
      (r): GroupRecord => ({
        id: randomNumericId(),
        appId: ctx.appId,
        name: r.name,
        ...(r.description === undefined ? {} : { description: r.description }),
        criteria: r.criteria,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await server.store.putGroups(records);
    server.logger.log('info', 'groups.created', { appId: ctx.appId, ids: records.map((r) => r.id) });
    return records;
  };

  return [
    {
      method: 'POST',
      pattern: '/v1/manage/group',
      async handle(ctx) {
        const [group] = await create(ctx, [parse(CreateGroupRequest, await body(ctx), 'group')]);
        return { status: 201, body: responseBody(GroupEnvelope, { group: wireGroup(group!) }, 'group') };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/manage/groups',
      async handle(ctx) {
        const groups = await create(ctx, parse(BulkCreateGroupsRequest, await body(ctx), 'groups'));
        return {
          status: 201,
          body: responseBody(GroupsEnvelope, { groups: groups.map(wireGroup) }, 'groups'),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/manage/groups',
      async handle(ctx) {
        const groups = await server.store.listGroups(ctx.appId);
        return {
          status: 200,
          body: responseBody(GroupsEnvelope, { groups: groups.map(wireGroup) }, 'groups'),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/manage/group/:groupId',
      async handle(ctx) {
        return {
          status: 200,
          body: responseBody(GroupEnvelope, { group: wireGroup(await own(ctx)) }, 'group'),
        };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/manage/group/:groupId',
      /** Replaces name, description and criteria; a body `id` other than the path's is a 400. */
      async handle(ctx) {
        const group = await own(ctx);
        const update = parse(UpdateGroupRequest, await body(ctx), 'group update');
        if (update.id !== undefined && update.id !== group.id) {
          throw new ValidationError('group update', [
            { path: 'id', message: `must equal the group id of the path (${group.id})` },
          ]);
        }
        evaluable(update.criteria, 'criteria');
        const { description: _old, ...kept } = group;
        const updated: GroupRecord = {
          ...kept,
          name: update.name,
          ...(update.description === undefined ? {} : { description: update.description }),
          criteria: update.criteria,
          updatedAt: new Date().toISOString(),
        };
        await server.store.putGroups([updated]);
        return { status: 200, body: responseBody(GroupEnvelope, { group: wireGroup(updated) }, 'group') };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/manage/group/:groupId',
      async handle(ctx) {
        const group = await own(ctx);
        await server.store.deleteGroup(ctx.appId, group.id);
        const reply = { id: group.id, type: 'group', deleted: true };
        return { status: 200, body: responseBody(DeletedResource, reply, 'group delete') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/groups/:groupId/conversations',
      async handle(ctx) {
        const group = await own(ctx);
        const query = parse(ConversationListQuery, parseQuery(ctx.search), 'conversation list query');
        const criteria = parseMetadataCriteria(group.criteria, 'group', 'criteria');
        const conversations = await server.store.listConversations(
          ctx.appId,
          toStoreListQuery(query, criteria),
        );
        return {
          status: 200,
          body: responseBody(
            ConversationList,
            { conversations: conversations.map(conversationBody) },
            'conversations',
          ),
        };
      },
    },
  ];
}

/** Throws a ValidationError unless Parley can evaluate `criteria` (see {@link parseMetadataCriteria}). */
function evaluable(criteria: string, path: string): void {
  parseMetadataCriteria(criteria, 'group', path);
}

function wireGroup(group: GroupRecord): ConversationGroup {
  return {
    id: group.id,
    name: group.name,
    ...(group.description === undefined ? {} : { description: group.description }),
    criteria: group.criteria,
  };
}

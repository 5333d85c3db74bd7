import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { ListConversationsQuery } from '../conversations/ConversationParameters.ts';
import { queryOf } from '../conversations/queryOf.ts';
import { ConversationList } from '../model/conversation.ts';
import {
  BulkCreateGroupsRequest,
  CreateGroupRequest,
  GroupEnvelope,
  GroupsEnvelope,
  UpdateGroupRequest,
} from '../model/conversationGroups.ts';
import { DeletedResource } from '../model/trackers.ts';
import type { HttpTransport } from './HttpTransport.ts';
import { managementRequest } from './managementRequest.ts';

/**
 * A group to create: a name (letters, digits, blanks and `-` `_` `"`, at most 128), an optional
 * description (at most 512) and RSQL criteria over conversation metadata, such as
 * `conversation.metadata.agentId==johndoe and conversation.metadata.customerId==88338833`.
 */
export type GroupInput = z.input<typeof CreateGroupRequest>;
/** A group's new name, description and criteria (`id`, if given, must be the group's). */
export type GroupUpdate = z.input<typeof UpdateGroupRequest>;

/**
 * Conversation groups: named metadata criteria kept with the account, and the conversations each
 * matches. Each method is a cold Observable; bodies are checked on subscribe.
 */
export interface GroupsApi {
  /** `POST /v1/manage/group`. */
  create(group: GroupInput): Observable<GroupEnvelope>;
  /** `POST /v1/manage/groups`: several at once, all or none. */
  createMany(groups: readonly GroupInput[]): Observable<GroupsEnvelope>;
  /** `GET /v1/manage/groups`. */
  list(): Observable<GroupsEnvelope>;
  /** `GET /v1/manage/group/{id}`. */
  get(groupId: string): Observable<GroupEnvelope>;
  /** `PUT /v1/manage/group/{id}`: replaces name, description and criteria. */
  update(groupId: string, update: GroupUpdate): Observable<GroupEnvelope>;
  /** `DELETE /v1/manage/group/{id}`. */
  delete(groupId: string): Observable<DeletedResource>;
  /** `GET /v1/groups/{id}/conversations`: the group's conversations, paged and filtered like `conversations.list`. */
  conversations(groupId: string, query?: ListConversationsQuery): Observable<ConversationList>;
}

/** The conversation-group API over `http`. */
export function groupsApi(http: HttpTransport): GroupsApi {
  const one = (groupId: string) => `/v1/manage/group/${encodeURIComponent(groupId)}`;
  return {
    create: (group) =>
      managementRequest(http, {
        method: 'POST',
        path: '/v1/manage/group',
        response: GroupEnvelope,
        subject: 'group',
        body: { schema: CreateGroupRequest, value: group },
      }),
    createMany: (groups) =>
      managementRequest(http, {
        method: 'POST',
        path: '/v1/manage/groups',
        response: GroupsEnvelope,
        subject: 'groups',
        body: { schema: BulkCreateGroupsRequest, value: groups },
      }),
    list: () =>
      managementRequest(http, {
        method: 'GET',
        path: '/v1/manage/groups',
        response: GroupsEnvelope,
        subject: 'groups',
      }),
    get: (groupId) =>
      managementRequest(http, {
        method: 'GET',
        path: one(groupId),
        response: GroupEnvelope,
        subject: 'group',
      }),
    update: (groupId, update) =>
      managementRequest(http, {
        method: 'PUT',
        path: one(groupId),
        response: GroupEnvelope,
        subject: 'group',
        body: { schema: UpdateGroupRequest, value: update },
      }),
    delete: (groupId) =>
      managementRequest(http, {
        method: 'DELETE',
        path: one(groupId),
        response: DeletedResource,
        subject: 'group deletion',
      }),
    conversations: (groupId, query) => {
      const search = queryOf(query);
      return managementRequest(http, {
        method: 'GET',
        path: `/v1/groups/${encodeURIComponent(groupId)}/conversations`,
        response: ConversationList,
        subject: 'group conversations',
        ...(search === undefined ? {} : { query: search }),
      });
    },
  };
}

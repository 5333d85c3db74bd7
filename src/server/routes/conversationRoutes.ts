import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import {
  Conversation,
  ConversationDeleteResponse,
  ConversationListQuery,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from '../../model/conversation.ts';
import { MessagesQuery, MessagesResponse } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { discardConversationMedia } from '../media/keptMedia.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord, ConversationListQuery as StoreListQuery } from '../store/StoreRecords.ts';

/** The documented text for an unknown (or foreign) conversation. */
export const CONVERSATION_NOT_FOUND = 'The conversationId is either invalid or does not exist.';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The conversation of the request's app, or a 404 (another app's conversation does not exist). */
export async function ownConversation(
  server: ServerContext,
  ctx: RequestContext,
): Promise<ConversationRecord> {
  const conversation = await server.store.getConversation(ctx.appId, ctx.params.conversationId ?? '');
  if (conversation === undefined) throw new NotFoundError(CONVERSATION_NOT_FOUND);
  return conversation;
}

/** Wire form of a conversation; times fall back to creation until a job sets them. */
export function conversationBody(c: ConversationRecord): Conversation {
  return responseBody(
    Conversation,
    {
      id: c.id,
      type: c.type,
      name: c.name,
      startTime: c.startTime ?? c.createdAt,
      endTime: c.endTime ?? c.startTime ?? c.createdAt,
      members: c.members.map(memberBody),
      metadata: c.metadata,
    },
    'conversation',
  );
}

/** Members are served as `{id, name, email?}`. */
function memberBody(member: unknown): Record<string, unknown> {
  const { id, name, email } = member as Record<string, unknown>;
  return {
    id,
    name,
    email,
  };
}

/** GET/PUT/DELETE /v1/conversations[/{id}] and GET .../messages. */
export function conversationRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/conversations',
      grant: 'app',
      async handle(ctx) {
        const query = parse(ConversationListQuery, parseQuery(ctx.search), 'conversation list query');
        const conversations = await server.store.listConversations(ctx.appId, toStoreQuery(query));
        return { status: 200, body: { conversations: conversations.map(conversationBody) } };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId',
      grant: 'conversation',
      async handle(ctx) {
        return { status: 200, body: conversationBody(await ownConversation(server, ctx)) };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/conversations/:conversationId',
      async handle(ctx) {
        await ownConversation(server, ctx);
        const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
        const update = parse(ConversationUpdateRequest, body, 'conversation update');
        const updated = await server.store.updateConversationMetadata(
          ctx.appId,
          ctx.params.conversationId!,
          update.metadata,
        );
        if (updated === undefined) throw new NotFoundError(CONVERSATION_NOT_FOUND);
        const reply = responseBody(
          ConversationUpdateResponse,
          { id: updated.id, metadata: updated.metadata },
          'update reply',
        );
        return { status: 200, body: reply };
      },
    },
    {
      method: 'DELETE',
      pattern: '/v1/conversations/:conversationId',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const jobs = await server.store.listConversationJobs(conversation.id);
        if (!(await server.store.deleteConversation(ctx.appId, conversation.id))) {
          throw new NotFoundError(CONVERSATION_NOT_FOUND);
        }
        // Recordings kept for the conversation page go with it.
        await discardConversationMedia(jobs, server.logger);
        server.logger.log('info', 'conversation.deleted', { conversationId: ctx.params.conversationId });
        const reply = responseBody(
          ConversationDeleteResponse,
          { message: 'successfully deleted the conversation' },
          'delete',
        );
        return { status: 200, body: reply };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/messages',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const query = parse(MessagesQuery, parseQuery(ctx.search), 'messages query');
        const stored = await server.store.listMessages(conversation.id);
        const messages = stored.map(({ body }) => {
          const { words, sentiment, ...rest } = body;
          return {
            ...rest,
            ...(query.sentiment && sentiment !== undefined ? { sentiment } : {}),
            ...(query.verbose && words !== undefined ? { words } : {}),
          };
        });
        return { status: 200, body: responseBody(MessagesResponse, { messages }, 'messages') };
      },
    },
  ];
}

/** Applies the list defaults (last 7 days up to now) and reads the RSQL filter and sort field. */
function toStoreQuery(query: ConversationListQuery): StoreListQuery {
  const endTime = query.endTime ?? new Date().toISOString();
  const startTime = query.startTime ?? new Date(Date.parse(endTime) - WEEK_MS).toISOString();
  const sorts: Record<string, StoreListQuery['sort']> = {
    'conversation.startTime': 'startTime',
    startTime: 'startTime',
    'conversation.endTime': 'endTime',
    endTime: 'endTime',
    'conversation.name': 'name',
    name: 'name',
  };
  const sort = sorts[query.sort];
  if (sort === undefined) {
    throw new ValidationError('conversation list query', [
      {
        path: 'sort',
        message: `cannot sort by ${query.sort}; use conversation.startTime, conversation.endTime or conversation.name`,
      },
    ]);
  }
  return {
    limit: query.limit,
    offset: query.offset,
    order: query.order,
    sort,
    startTime: new Date(Date.parse(startTime)).toISOString(),
    endTime: new Date(Date.parse(endTime)).toISOString(),
    ...(query.filter === undefined ? {} : { metadata: parseMetadataFilter(query.filter) }),
  };
}

/**
 * The RSQL subset the documentation shows: `conversation.metadata.<key>==<value>` comparisons joined by
 * `;` or ` and ` (no OR, at most two distinct fields).
 */
function parseMetadataFilter(filter: string): Record<string, string> {
  const fail = (message: string) =>
    new ValidationError('conversation list query', [{ path: 'filter', message }]);
  const metadata: Record<string, string> = {};
  const clauses = filter
    .split(/;|\s+and\s+/i)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (clauses.length === 0) throw fail('empty filter');
  if (/[,]|\s+or\s+/i.test(filter)) throw fail('OR is not supported');
  for (const clause of clauses) {
    const match = /^conversation\.metadata\.([A-Za-z0-9_.-]+)\s*==\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(
      clause,
    );
    if (match === null)
      throw fail(`unsupported comparison "${clause}"; use conversation.metadata.<key>==<value>`);
    metadata[match[1]!] = match[2] ?? match[3] ?? match[4]!;
  }
  if (Object.keys(metadata).length > 2) throw fail('at most two distinct fields');
  return metadata;
}

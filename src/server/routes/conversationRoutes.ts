import { NotFoundError } from '../../errors/NotFoundError.ts';
import {
  Conversation,
  ConversationDeleteResponse,
  ConversationListQuery,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from '../../model/conversation.ts';
import { MessagesQuery, MessagesResponse } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import { jsonListBody } from '../http/jsonListBody.ts';
import { parseQuery } from '../http/parseQuery.ts';
import type { Reply, RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { StreamedBody } from '../http/StreamedBody.ts';
import { discardConversationMedia } from '../media/keptMedia.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord, OmittableMessageField } from '../store/StoreRecords.ts';
import { checkMetadata } from './checkMetadata.ts';
import { toStoreListQuery } from './conversationListQuery.ts';
import { MessageListCache } from './MessageListCache.ts';

/** The documented text for an unknown (or foreign) conversation. */
export const CONVERSATION_NOT_FOUND = 'The conversationId is either invalid or does not exist.';

/** Messages read from the store at a time for `GET .../messages`. */
const MESSAGE_PAGE = 500;

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
      ...(c.timeZone === undefined ? {} : { timeZone: c.timeZone }),
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
  const lists = new MessageListCache();
  return [
    {
      method: 'GET',
      pattern: '/v1/conversations',
      grant: 'app',
      async handle(ctx) {
        const query = parse(ConversationListQuery, parseQuery(ctx.search), 'conversation list query');
        const conversations = await server.store.listConversations(ctx.appId, toStoreListQuery(query));
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
        checkMetadata(server.limits, update.metadata, 'conversation update');
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
        const version = conversation.messagesVersion;
        const key =
          version === undefined
            ? undefined
            : MessageListCache.key(conversation.id, version, `${query.verbose},${query.sentiment}`);
        const cached = key === undefined ? undefined : lists.get(key);
        if (cached !== undefined) return jsonText(cached);
        const body = await jsonListBody('messages', messagePages(server, conversation.id, query));
        // A list long enough to be written in pages is not kept: it would not fit anyway.
        if (key === undefined || body instanceof StreamedBody) return { status: 200, body };
        const json = JSON.stringify(body);
        lists.set(key, json);
        return jsonText(json);
      },
    },
  ];
}

/**
 * The conversation's messages as served, a page at a time: `words` only with `verbose`,
 * `sentiment` only with `sentiment`; each page checked against the wire schema.
 */
async function* messagePages(
  server: ServerContext,
  conversationId: string,
  query: MessagesQuery,
): AsyncGenerator<readonly unknown[]> {
  const omit: OmittableMessageField[] = [];
  if (!query.verbose) omit.push('words');
  if (!query.sentiment) omit.push('sentiment');
  let afterSeq = -1;
  for (;;) {
    const stored = await server.store.listMessages(conversationId, { afterSeq, limit: MESSAGE_PAGE, omit });
    const messages = stored.map(({ body }) => {
      const { words, sentiment, ...rest } = body;
      return {
        ...rest,
        ...(query.sentiment && sentiment !== undefined ? { sentiment } : {}),
        ...(query.verbose && words !== undefined ? { words } : {}),
      };
    });
    yield responseBody(MessagesResponse, { messages }, 'messages').messages;
    if (stored.length < MESSAGE_PAGE) return;
    afterSeq = stored.at(-1)!.seq;
  }
}

/** A 200 whose JSON is already written out. */
function jsonText(json: string): Reply {
  return {
    status: 200,
    body: undefined,
    raw: json,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  };
}

import { NotFoundError } from '../../errors/NotFoundError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import {
  type Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
  CreateBookmarkRequest,
  UpdateBookmarkRequest,
  Bookmark as WireBookmark,
} from '../../model/bookmarks.ts';
import { ConversationMessage } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { BookmarkRecord } from '../store/ManagementRecords.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { bookmarkSummary } from './bookmarkSummary.ts';
import { CONVERSATION_NOT_FOUND, ownConversation } from './conversationRoutes.ts';

/**
 * Bookmarks of a conversation (`/v1/conversations/{id}/bookmarks[/{bookmarkId}[/summary]]` and
 * `…/bookmarks-summary`): labelled spans, each with who made it and the messages it covers.
 * Creates answer 201 with the bookmark, the rest 200 (a delete answers with what it deleted).
 * `messageRefs` must name messages of the conversation (400 otherwise); a bookmark's summary is
 * made from the messages it names, or from those in its span when it names none. Bookmarks go
 * with their conversation.
 */
export function bookmarkRoutes(server: ServerContext): Route[] {
  const base = '/v1/conversations/:conversationId/bookmarks';

  const own = async (ctx: RequestContext, conversation: ConversationRecord): Promise<BookmarkRecord> => {
    const bookmark = await server.store.getBookmark(ctx.appId, conversation.id, ctx.params.bookmarkId ?? '');
    if (bookmark === undefined) {
      throw new NotFoundError(`Bookmark with id: ${ctx.params.bookmarkId} does not exist.`);
    }
    return bookmark;
  };

  const messagesOf = async (conversation: ConversationRecord) =>
    (await server.store.listMessages(conversation.id)).map((m) =>
      parse(ConversationMessage, m.body, 'stored message'),
    );

  /** Refuses message references that are not messages of the conversation. */
  const checkRefs = async (conversation: ConversationRecord, refs: ReadonlyArray<{ id: string }>) => {
    if (refs.length === 0) return;
    const known = new Set((await server.store.listMessages(conversation.id)).map((m) => String(m.body.id)));
    const issues = refs.flatMap((ref, i) =>
      known.has(ref.id)
        ? []
        : [{ path: `messageRefs[${i}].id`, message: `${ref.id} is not a message of this conversation` }],
    );
    if (issues.length > 0) throw new ValidationError('bookmark', issues);
  };

  const save = async (bookmark: BookmarkRecord): Promise<void> => {
    if (!(await server.store.putBookmark(bookmark))) throw new NotFoundError(CONVERSATION_NOT_FOUND);
  };

  const startMs = (conversation: ConversationRecord) =>
    Date.parse(conversation.startTime ?? conversation.createdAt);

  return [
    {
      method: 'GET',
      pattern: base,
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const bookmarks = await server.store.listBookmarks(ctx.appId, conversation.id);
        return {
          status: 200,
          body: responseBody(BookmarksEnvelope, { bookmarks: bookmarks.map(wireBookmark) }, 'bookmarks'),
        };
      },
    },
    {
      method: 'POST',
      pattern: base,
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const request = parse(
          CreateBookmarkRequest,
          await readJsonBody(ctx.req, server.limits.managementBodyBytes),
          'bookmark',
        );
        await checkRefs(conversation, request.messageRefs);
        const existing = await server.store.listBookmarks(ctx.appId, conversation.id);
        if (existing.length >= server.limits.bookmarksPerConversation) {
          throw new ValidationError('bookmark', [
            {
              path: '',
              message: `a conversation has at most ${server.limits.bookmarksPerConversation} bookmarks`,
            },
          ]);
        }
        const now = new Date().toISOString();
        const bookmark: BookmarkRecord = {
          id: randomNumericId(),
          appId: ctx.appId,
          conversationId: conversation.id,
          ...request,
          messageRefs: request.messageRefs.map((r) => ({ id: r.id })),
          createdAt: now,
          updatedAt: now,
        };
        await save(bookmark);
        return { status: 201, body: responseBody(WireBookmark, wireBookmark(bookmark), 'bookmark') };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:bookmarkId`,
      async handle(ctx) {
        const bookmark = await own(ctx, await ownConversation(server, ctx));
        return { status: 200, body: responseBody(WireBookmark, wireBookmark(bookmark), 'bookmark') };
      },
    },
    {
      method: 'PUT',
      pattern: `${base}/:bookmarkId`,
      /** Changes the fields the body has; the others keep their values. */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const bookmark = await own(ctx, conversation);
        const update = parse(
          UpdateBookmarkRequest,
          await readJsonBody(ctx.req, server.limits.managementBodyBytes),
          'bookmark update',
        );
        if (update.messageRefs !== undefined) await checkRefs(conversation, update.messageRefs);
        const updated: BookmarkRecord = {
          ...bookmark,
          ...Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)),
          ...(update.messageRefs === undefined
            ? {}
            : { messageRefs: update.messageRefs.map((r) => ({ id: r.id })) }),
          updatedAt: new Date().toISOString(),
        };
        await save(updated);
        return { status: 200, body: responseBody(WireBookmark, wireBookmark(updated), 'bookmark') };
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:bookmarkId`,
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const bookmark = await own(ctx, conversation);
        await server.store.deleteBookmark(ctx.appId, conversation.id, bookmark.id);
        return { status: 200, body: responseBody(WireBookmark, wireBookmark(bookmark), 'bookmark') };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/:bookmarkId/summary`,
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const bookmark = await own(ctx, conversation);
        const summary = bookmarkSummary(bookmark, await messagesOf(conversation), startMs(conversation));
        return { status: 200, body: responseBody(BookmarkSummaryResponse, { summary }, 'bookmark summary') };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/bookmarks-summary',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const messages = await messagesOf(conversation);
        const bookmarks = await server.store.listBookmarks(ctx.appId, conversation.id);
        const bookmarksSummary = bookmarks.map((bookmark) => ({
          bookmarkId: bookmark.id,
          summary: bookmarkSummary(bookmark, messages, startMs(conversation)),
        }));
        return {
          status: 200,
          body: responseBody(BookmarksSummaryResponse, { bookmarksSummary }, 'bookmarks summary'),
        };
      },
    },
  ];
}

function wireBookmark(b: BookmarkRecord): Bookmark {
  return {
    id: b.id,
    label: b.label,
    description: b.description,
    user: { ...b.user },
    beginTimeOffset: b.beginTimeOffset,
    duration: b.duration,
    messageRefs: b.messageRefs,
  };
}

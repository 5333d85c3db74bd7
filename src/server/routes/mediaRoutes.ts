import { createReadStream } from 'node:fs';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { parseRange } from '../http/parseRange.ts';
import type { Route } from '../http/Route.ts';
import { listKeptMedia } from '../media/keptMedia.ts';
import type { ServerContext } from '../ServerContext.ts';
import { ownConversation } from './conversationRoutes.ts';

/**
 * The recordings a conversation kept (Parley extension; submit with `keepMedia=true` or run the
 * server with `--keep-media`): `GET …/media` lists them with where each starts in the
 * conversation, `GET …/media/{jobId}` serves one with byte ranges, as players seek. Both open to
 * the conversation's page grant.
 */
export function mediaRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/media',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const kept = await listKeptMedia(server.store, conversation);
        const media = kept.map(({ path: _internal, ...item }) => ({
          ...item,
          url: `/v1/conversations/${encodeURIComponent(conversation.id)}/media/${encodeURIComponent(item.jobId)}`,
        }));
        return { status: 200, body: { media } };
      },
    },
    {
      method: 'GET',
      pattern: '/v1/conversations/:conversationId/media/:jobId',
      grant: 'conversation',
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const [item] = await listKeptMedia(server.store, conversation, ctx.params.jobId);
        if (item === undefined) throw new NotFoundError('This conversation kept no recording of that job.');
        const common = {
          'accept-ranges': 'bytes',
          'cache-control': 'private, max-age=3600',
          'x-content-type-options': 'nosniff',
        };
        const range = parseRange(ctx.req.headers.range, item.bytes);
        if (range.kind === 'unsatisfiable') {
          return {
            status: 416,
            body: { message: `The recording has ${item.bytes} bytes.` },
            headers: { ...common, 'content-range': `bytes */${item.bytes}` },
          };
        }
        const { start, end } = range.kind === 'part' ? range : { start: 0, end: item.bytes - 1 };
        return {
          status: range.kind === 'part' ? 206 : 200,
          body: undefined,
          headers: {
            ...common,
            'content-type': item.contentType,
            'content-length': String(Math.max(0, end - start + 1)),
            ...(range.kind === 'part' ? { 'content-range': `bytes ${start}-${end}/${item.bytes}` } : {}),
          },
          raw: () => createReadStream(item.path, { start, end }),
        };
      },
    },
  ];
}

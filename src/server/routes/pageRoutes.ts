import type { PageBoot } from '../../model/pages.ts';
import { type GrantCheck, PageGrants } from '../auth/PageGrants.ts';
import type { Reply, RequestContext, Route } from '../http/Route.ts';
import { ASSET_PATH, messagePageHtml, pageHtml, pagePolicy } from '../pages/pageHtml.ts';
import type { WebAssets } from '../pages/WebAssets.ts';
import type { ServerContext } from '../ServerContext.ts';

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The page's URL carries its grant: never cache it, never send it on as a referrer.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/**
 * The pages the Experience API links to (src/server/pages/README.md): the conversation page
 * (which follows a live conversation until it completes), the conversation list, and their
 * built assets. A page route checks the link's grant itself, so a bad link gets a page that says
 * what is wrong (expired, not valid, conversation gone) instead of a JSON error.
 */
export function pageRoutes(server: ServerContext, assets: WebAssets): Route[] {
  const message = (status: number, heading: string, text: string): Reply => ({
    status,
    body: undefined,
    headers: PAGE_HEADERS,
    raw: messagePageHtml(assets.manifest(), heading, text),
  });
  const refused = (checked: Exclude<GrantCheck, { kind: 'valid' }>): Reply =>
    checked.kind === 'expired'
      ? message(
          401,
          'This link has expired',
          `The link stopped working on ${new Date(checked.expiredAt * 1000).toUTCString()}. Ask whoever sent it for a new one.`,
        )
      : message(
          401,
          'This link is not valid',
          'The link is incomplete or was changed. Check that it was copied whole.',
        );
  const page = async (ctx: RequestContext, conversationId: string | undefined): Promise<Reply> => {
    const manifest = assets.manifest();
    if (manifest === undefined) {
      return message(
        500,
        'The page is not built',
        'This server was installed without its web assets (npm run build:web).',
      );
    }
    const token = new URLSearchParams(ctx.search).get('grant') ?? '';
    const checked = server.grants.check(token);
    if (checked.kind !== 'valid') return refused(checked);
    const { grant } = checked;
    const opens =
      conversationId === undefined
        ? grant.conversationId === undefined
        : PageGrants.opens(grant, conversationId);
    if (!opens) return message(403, 'This link opens something else', 'The link does not open this page.');
    let title = 'Conversations · Parley';
    const boot: PageBoot = {
      view: conversationId === undefined ? 'list' : 'conversation',
      grant: token,
      experience: grant.experience,
      includeCallScore: grant.includeCallScore,
      look: grant.look,
      ...(grant.expiresAt === undefined ? {} : { expiresAt: grant.expiresAt }),
    };
    if (conversationId !== undefined) {
      const conversation = await server.store.getConversation(grant.appId, conversationId);
      if (conversation === undefined) {
        return message(
          404,
          'This conversation no longer exists',
          'It was deleted, or the link names another one.',
        );
      }
      title = `${conversation.name} · Parley`;
      boot.conversationId = conversation.id;
      const live = server.live.get(grant.appId, conversation.id);
      if (live !== undefined && !live.completed) {
        if (grant.connectionId === undefined) boot.liveWithoutConnection = true;
        else boot.liveConnectionId = grant.connectionId;
      }
    }
    return {
      status: 200,
      body: undefined,
      headers: { ...PAGE_HEADERS, 'content-security-policy': pagePolicy(grant.look) },
      raw: pageHtml(manifest, title, boot),
    };
  };
  return [
    {
      method: 'GET',
      pattern: '/pages/conversations',
      auth: false,
      handle: (ctx) => page(ctx, undefined),
    },
    {
      method: 'GET',
      pattern: '/pages/conversations/:conversationId',
      auth: false,
      handle: (ctx) => page(ctx, ctx.params.conversationId),
    },
    {
      method: 'GET',
      pattern: `${ASSET_PATH}/:file`,
      auth: false,
      async handle(ctx) {
        const asset = await assets.get(ctx.params.file ?? '');
        if (asset === undefined) return { status: 404, body: { message: 'No such asset.' } };
        const gzip =
          asset.gzip !== undefined && /\bgzip\b/.test(String(ctx.req.headers['accept-encoding'] ?? ''));
        return {
          status: 200,
          body: undefined,
          headers: {
            'content-type': asset.contentType,
            'cache-control': 'public, max-age=31536000, immutable',
            'x-content-type-options': 'nosniff',
            vary: 'accept-encoding',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
          raw: gzip ? asset.gzip! : asset.bytes,
        };
      },
    },
  ];
}

import type { IncomingMessage } from 'node:http';
import type { PageGrants } from '../auth/PageGrants.ts';
import type { TokenService } from '../auth/TokenService.ts';
import type { LiveConversationRegistry } from '../streaming/LiveConversationRegistry.ts';

/**
 * Lets a live page follow its conversation through the public subscribe socket
 * (`/v1/subscribe/{connectionId}?access_token=<page grant>`). It runs before the socket's owners
 * (the WebSocket gateway's routes) and claims nothing: when the grant is valid, names this connection, and
 * its conversation is still live (here, or on the node holding the connection, which the socket
 * is then forwarded to with the token), it gives the request a short-lived access token of the
 * grant's app, minted here and never sent to the browser, so the owners' usual token check admits it.
 * Anything else passes through untouched, to be refused (or admitted) as before. Subscribers
 * only receive, so the grant stays read-only.
 */
export function pageSubscribeUpgrade(
  grants: PageGrants,
  tokens: TokenService,
  live: LiveConversationRegistry,
  heldElsewhere: (appId: string, connectionId: string) => Promise<boolean> = async () => false,
): (req: IncomingMessage) => Promise<void> {
  return async (req) => {
    if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v1\/subscribe\/([^/]+)$/.exec(url.pathname);
    const token = url.searchParams.get('access_token');
    if (match === null || token === null) return;
    const checked = grants.check(token);
    if (checked.kind !== 'valid') return;
    const { grant } = checked;
    let connectionId: string;
    try {
      connectionId = decodeURIComponent(match[1]!);
    } catch {
      return;
    }
    if (grant.conversationId === undefined || grant.connectionId !== connectionId) return;
    const conversation = live.get(grant.appId, grant.conversationId);
    const liveHere = conversation !== undefined && !conversation.completed;
    if (!liveHere && !(await heldElsewhere(grant.appId, connectionId))) return;
    req.headers.authorization = `Bearer ${tokens.internalToken(grant.appId)}`;
  };
}

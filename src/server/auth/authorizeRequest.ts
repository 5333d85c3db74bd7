import type { IncomingMessage } from 'node:http';
import { AuthenticationError } from '../../errors/AuthenticationError.ts';
import { TOKEN_VALIDATION_FAILED_MESSAGE } from '../../model/errorBody.ts';
import type { Route } from '../http/Route.ts';
import type { Store } from '../store/Store.ts';
import { type PageGrant, PageGrants } from './PageGrants.ts';
import { type TokenService, tokenFromHeaders } from './TokenService.ts';

/** Who a request acts for: the app, and the page grant it came with (if it came with one). */
export interface RequestIdentity {
  appId: string;
  grant?: PageGrant;
}

/** What {@link authorizeRequest} checks tokens with. */
export interface RequestAuthority {
  tokens: TokenService;
  grants: PageGrants;
  store: Store;
}

/**
 * Decides who a request acts for. Routes without `auth: false` need an access token (header);
 * routes that admit grants (see {@link Route.grant}) also take a page grant that opens the
 * conversation of the path, and take either token from the `access_token` query parameter.
 * @throws AuthenticationError when nothing valid was presented.
 */
export async function authorizeRequest(
  authority: RequestAuthority,
  route: Route,
  req: IncomingMessage,
  params: Readonly<Record<string, string>>,
  search: string,
): Promise<RequestIdentity> {
  if (route.auth === false) return { appId: '' };
  if (route.grant === undefined) return { appId: await authority.tokens.authenticate(req.headers) };
  const token = tokenFromHeaders(req.headers) ?? new URLSearchParams(search).get('access_token')?.trim();
  if (token === undefined || token === '') throw new AuthenticationError(TOKEN_VALIDATION_FAILED_MESSAGE);
  // An access token first: it is what API clients send on every request, and a verified one is
  // remembered, where a grant costs a signature check each time.
  const tokenApp = await authority.tokens.appOf(token);
  if (tokenApp !== undefined) return { appId: tokenApp };
  const checked = authority.grants.check(token);
  if (checked.kind === 'valid') {
    const { grant } = checked;
    const opens =
      route.grant === 'app'
        ? grant.conversationId === undefined
        : PageGrants.opens(grant, params.conversationId);
    if (opens && (await authority.store.getApp(grant.appId)) !== undefined)
      return { appId: grant.appId, grant };
  }
  throw new AuthenticationError(TOKEN_VALIDATION_FAILED_MESSAGE);
}

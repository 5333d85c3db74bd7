import type { IncomingMessage } from 'node:http';
import { AuthenticationError } from '../../errors/AuthenticationError.ts';
import { TOKEN_VALIDATION_FAILED_MESSAGE } from '../../model/errorBody.ts';
import type { TokenService } from '../auth/TokenService.ts';

/** Who a WebSocket upgrade acts for, and which offered subprotocol (if any) to echo. */
export interface UpgradeIdentity {
  appId: string;
  /** The offered `Sec-WebSocket-Protocol` value to echo in the 101 (clients fail a handshake that echoes none). */
  protocol?: string;
}

/** The values offered in `Sec-WebSocket-Protocol`, in order. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Authenticates a WebSocket upgrade from any of the four places Symbl's clients put the token: `Authorization:
 * Bearer` or `x-api-key` header, `access_token` query parameter, or the token offered as the
 * subprotocol (which is then the protocol to echo). When a subprotocol was offered but the token
 * came from elsewhere, the first offered value is echoed, because clients fail a handshake whose
 * requested protocol is not echoed.
 * @throws AuthenticationError when no place holds a valid token.
 */
export async function authenticateUpgrade(
  tokens: TokenService,
  req: IncomingMessage,
  query: URLSearchParams,
): Promise<UpgradeIdentity> {
  const protocols = offeredProtocols(req);
  const fallbackProtocol = protocols[0];
  const withProtocol = (appId: string, protocol = fallbackProtocol): UpgradeIdentity =>
    protocol === undefined ? { appId } : { appId, protocol };

  if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) {
    try {
      return withProtocol(await tokens.authenticate(req.headers));
    } catch {
      // Other places may still hold a valid token.
    }
  }
  const queryToken = query.get('access_token');
  if (queryToken !== null && queryToken.trim() !== '') {
    const appId = await tokens.appOf(queryToken.trim());
    if (appId !== undefined) return withProtocol(appId);
  }
  for (const protocol of protocols) {
    const appId = await tokens.appOf(protocol);
    if (appId !== undefined) return withProtocol(appId, protocol);
  }
  throw new AuthenticationError(TOKEN_VALIDATION_FAILED_MESSAGE);
}

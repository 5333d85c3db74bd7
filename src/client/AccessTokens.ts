/**
 * Where an {@link HttpTransport} gets the token of each request: a {@link TokenCache} (app
 * credentials, refreshed before expiry) or a caller's `TokenSource` (the telephony client).
 */
export interface AccessTokens {
  /** A token valid now; `signal` abandons the wait. */
  token(signal?: AbortSignal): Promise<string>;
  /** Whether a token the server refused can be replaced by asking again. */
  readonly canRefresh: boolean;
  /** Forgets `token` after the server refused it. */
  invalidate(token: string): void;
}

import { getGlobalDispatcher } from 'undici';
import type { AccessTokens } from '../client/AccessTokens.ts';
import { type Endpoint, HttpTransport } from '../client/HttpTransport.ts';
import { DEFAULT_RETRY_POLICY } from '../client/RetryPolicy.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { resolveToken } from '../streaming/TokenSource.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';

/**
 * The {@link HttpTransport} of the Telephony API client: the same timeouts, retries and typed
 * errors as every other request of the package, for a base URL and a token (or a provider asked
 * before each request). A refused token is not retried: a provider is asked again on the next
 * call only.
 */
export function telephonyTransport(options: TelephonyClientOptions): HttpTransport {
  const baseUrl = options.baseUrl.trim().replace(/\/+$/, '');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new ValidationError('telephony options', [
      { path: 'baseUrl', message: `must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}` },
    ]);
  }
  const tokens: AccessTokens = {
    token: () => resolveToken(options.token),
    canRefresh: false,
    invalidate() {},
  };
  const endpoint: Endpoint = { baseUrl, tokens, release() {} };
  const timeoutMs = options.requestTimeoutMs ?? 90_000;
  return new HttpTransport({
    endpoint: async () => endpoint,
    dispatcher: getGlobalDispatcher(),
    timeoutMs,
    uploadTimeoutMs: timeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    userAgent: 'parley-client',
  });
}

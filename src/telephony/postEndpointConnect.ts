import { request } from 'undici';
import { AuthenticationError } from '../errors/AuthenticationError.ts';
import { ConnectionError } from '../errors/ConnectionError.ts';
import { HttpError } from '../errors/HttpError.ts';
import { NotFoundError } from '../errors/NotFoundError.ts';
import { SipError } from '../errors/SipError.ts';
import { TimeoutError } from '../errors/TimeoutError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { resolveToken } from '../streaming/TokenSource.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';

/**
 * POSTs a body to `/v1/endpoint:connect` and returns the parsed JSON answer of a 2xx. Errors are
 * typed: 400 ValidationError, 401 AuthenticationError, 404 NotFoundError, an answer naming a
 * `sipStatus` (the call was not connected) SipError, other statuses HttpError; network failures
 * ConnectionError, the deadline TimeoutError. `signal` aborts the request.
 */
export async function postEndpointConnect(
  options: TelephonyClientOptions,
  body: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const token = await resolveToken(options.token);
  const url = new URL('/v1/endpoint:connect', options.baseUrl).toString();
  const timeoutMs = options.requestTimeoutMs ?? 90_000;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': token },
      body: JSON.stringify(body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      throw new TimeoutError(`${url} did not answer within ${timeoutMs} ms`, { cause: error });
    throw new ConnectionError(`${url}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const text = await response.body.text();
  let json: unknown = text;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error below.
  }
  const status = response.statusCode;
  if (status >= 200 && status < 300) return json;
  const message =
    typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string'
      ? (json as { message: string }).message
      : `endpoint:connect answered ${status}`;
  const sipStatus = (json as { sipStatus?: unknown } | undefined)?.sipStatus;
  if (typeof sipStatus === 'number' || sipStatus === null)
    throw new SipError(message, sipStatus ?? undefined, { status });
  if (status === 400)
    throw new ValidationError('endpoint:connect request', [{ path: '', message }], { status });
  if (status === 401) throw new AuthenticationError(message, { status });
  if (status === 404) throw new NotFoundError(message, { status });
  throw new HttpError(status, message, json);
}

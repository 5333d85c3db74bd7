import { AuthenticationError } from '../errors/AuthenticationError.ts';
import { ConflictError } from '../errors/ConflictError.ts';
import { HttpError } from '../errors/HttpError.ts';
import { NotFoundError } from '../errors/NotFoundError.ts';
import type { ParleyError } from '../errors/ParleyError.ts';
import { PayloadTooLargeError } from '../errors/PayloadTooLargeError.ts';
import { RateLimitError } from '../errors/RateLimitError.ts';
import { SipError } from '../errors/SipError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { ErrorBody, STATUS_MEANINGS } from '../model/errorBody.ts';
import { parseRetryAfter } from './RetryPolicy.ts';

/** An HTTP answer that is not a success, as the client received it. */
export interface FailedResponse {
  status: number;
  /** The body text (JSON or not). */
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** `GET /v1/conversations/123/messages`, for the message. */
  request: string;
}

/**
 * The typed error for a failed answer: a body naming a `sipStatus` (the Telephony API's "the call
 * could not be placed", the far end's SIP status or null) → SipError, 400 with field issues →
 * ValidationError, 401 → AuthenticationError, 404 → NotFoundError, 409 → ConflictError, 413 →
 * PayloadTooLargeError, 429 → RateLimitError (with `Retry-After`), anything else → HttpError
 * (retryable when 5xx). Every error carries the status and the server's message; HttpError also
 * keeps the body.
 */
export function errorFromResponse(response: FailedResponse): ParleyError {
  const { status, text, headers, request } = response;
  const json = tryJson(text);
  const parsed = ErrorBody.safeParse(json);
  const said = parsed.success ? parsed.data.message : text.trim().slice(0, 300);
  const message = `${request} answered ${status} (${STATUS_MEANINGS[status] ?? 'error'})${said ? `: ${said}` : ''}`;
  const options = { status };
  const sipStatus = (json as { sipStatus?: unknown } | undefined)?.sipStatus;
  if (typeof sipStatus === 'number' || sipStatus === null) {
    return new SipError(message, sipStatus ?? undefined, options);
  }
  if (status === 400 && parsed.success && parsed.data.issues !== undefined && parsed.data.issues.length > 0) {
    return new ValidationError(request, parsed.data.issues, options);
  }
  if (status === 401) return new AuthenticationError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  if (status === 409) return new ConflictError(message, options);
  if (status === 413) return new PayloadTooLargeError(message, options);
  if (status === 429) return new RateLimitError(message, parseRetryAfter(headers['retry-after']), options);
  return new HttpError(status, message, json ?? text, {
    retryable: status >= 500 || status === 408,
  });
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

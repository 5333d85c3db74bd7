import { ParleyError } from '../../errors/ParleyError.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { toErrorBody } from '../../model/errorBody.ts';
import type { Reply } from './Route.ts';

/**
 * Maps an error to the API's error response. Every ParleyError carrying a 4xx status becomes
 * that status with the model's error body (`message`, plus `statusCode` on 429 and the field
 * issues on 400); anything else is a server fault: 500 with a generic message, and
 * `unexpected: true` so the caller logs it.
 */
export function errorReply(error: unknown): Reply & { unexpected: boolean } {
  if (
    error instanceof ParleyError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500
  ) {
    const headers: Record<string, string> = {};
    if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    }
    return { status: error.status, body: toErrorBody(error), headers, unexpected: false };
  }
  return { status: 500, body: toErrorBody(undefined), unexpected: true };
}

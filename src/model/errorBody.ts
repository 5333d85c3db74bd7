import { z } from 'zod';
import { ParleyError } from '../errors/ParleyError.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/*
 * Error response bodies of every API. Every documented error body
 * is JSON with at least `message`; the async 429 also carries `statusCode`. Clients parse whatever
 * the cloud sends, so the bodies are loose objects.
 */

/** One offending field, as in {@link ValidationError} (`messages[2].payload.content`). */
export const ErrorIssue = z.looseObject({
  /** Where the problem is, as a JavaScript accessor; empty for the whole body. */
  path: z.string(),
  /** What is wrong there. */
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/**
 * The generic error body: `{"message": "..."}`. For 400s the message names the field that is wrong.
 * `statusCode`, `code` and `issues` are optional: Symbl sends `statusCode` on 429s; Parley's server
 * adds its stable error `code` and, for validation errors, every offending path. Symbl's SDKs read
 * only `message` (or print the whole body), so the extras are harmless to them.
 */
export const ErrorBody = z.looseObject({
  /** What went wrong, for people. */
  message: z.string(),
  /** The HTTP status repeated in the body (Symbl's 429 body has it). */
  statusCode: z.number().int().min(100).max(599).optional(),
  /** Parley extension: the stable error code (`PARLEY_ERR_VALIDATION`, ...). */
  code: z.string().optional(),
  /** Parley extension: every offending field of a rejected request. */
  issues: z.array(ErrorIssue).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * The async API's 429 body: too many concurrent jobs for the account.
 * `{"statusCode": 429, "message": "This API has a limit of maximum of `X` number of concurrent jobs per account. ..."}`
 */
export const RateLimitErrorBody = z.looseObject({
  /** Always 429. */
  statusCode: z.literal(429),
  /** Names the account's concurrency limit. */
  message: z.string(),
});
export type RateLimitErrorBody = z.infer<typeof RateLimitErrorBody>;

/** The documented 401 message for a missing, malformed, unknown or expired token. */
export const TOKEN_VALIDATION_FAILED_MESSAGE = 'Token validation failed for provided token.';

/** What the JavaScript SDK says on a 401 from `POST /oauth2/token:generate`; Parley's server uses it too. */
export const INVALID_CREDENTIALS_MESSAGE = 'Combination of appId and appSecret is not valid.';

/** Concurrent async jobs per account on Symbl's cloud (the documentation's FAQ). */
export const CONCURRENT_JOB_LIMITS = { trial: 2, paid: 50 } as const;

/** The 429 message of the async API for an account limited to `limit` concurrent jobs. */
export function concurrentJobsLimitMessage(limit: number): string {
  return `This API has a limit of maximum of \`${limit}\` number of concurrent jobs per account. Please retry once a running job has finished.`;
}

/** What each status means across all APIs, as Symbl documents it. */
export const STATUS_MEANINGS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'created',
  400: 'invalid request (body or parameters)',
  401: 'bad or missing token',
  402: 'not enough balance',
  403: 'forbidden',
  404: 'resource not found',
  405: 'method not allowed',
  409: 'conflict',
  413: 'body too large',
  429: 'too many requests',
  500: 'server error',
  502: 'bad gateway',
  504: 'gateway timeout',
};

/**
 * The body a server answers for `error`: its message and code, `statusCode` on 429s (as Symbl
 * does), and the offending fields of a {@link ValidationError}. Errors that are not Parley's are
 * reported as a bare server fault so internals do not leak.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (!(error instanceof ParleyError)) return { message: 'Internal server error.' };
  return {
    message: error.message,
    code: error.code,
    ...(error.status === 429 ? { statusCode: 429 } : {}),
    ...(error instanceof ValidationError ? { issues: error.issues.map((i) => ({ ...i })) } : {}),
  };
}

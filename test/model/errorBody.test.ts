import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { RateLimitError } from '../../src/errors/RateLimitError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import {
  CONCURRENT_JOB_LIMITS,
  concurrentJobsLimitMessage,
  ErrorBody,
  RateLimitErrorBody,
  STATUS_MEANINGS,
  TOKEN_VALIDATION_FAILED_MESSAGE,
  toErrorBody,
} from '../../src/model/errorBody.ts';
import { parse } from '../../src/model/parse.ts';
import { expectJsonRoundTrip, expectMutationsNamed } from '../support/schemaProperties.ts';
import { specExamples } from '../support/specExamples.ts';

describe('error bodies of the spec', () => {
  it('the 401 body of auth.md is an ErrorBody', () => {
    const unauthorized = specExamples('auth.md').find((e) => e.heading === '5. Errors')!;
    expect(parse(ErrorBody, unauthorized.value, 'error')).toEqual({
      message: TOKEN_VALIDATION_FAILED_MESSAGE,
    });
  });

  it('the 429 body of async-api.md is a RateLimitErrorBody and an ErrorBody', () => {
    const tooMany = specExamples('async-api.md').find((e) => e.heading === '8. Errors')!;
    expect(parse(RateLimitErrorBody, tooMany.value, 'error')).toEqual(tooMany.value);
    expect(parse(ErrorBody, tooMany.value, 'error')).toMatchObject({ statusCode: 429 });
    const documented = (tooMany.value as { message: string }).message
      .replace('`X`', '`2`')
      .replace(' ...', '');
    expect(concurrentJobsLimitMessage(CONCURRENT_JOB_LIMITS.trial)).toContain(documented);
  });
});

describe('ErrorBody', () => {
  it('requires a string message and keeps whatever else the server sent', () => {
    expect(() => parse(ErrorBody, {}, 'error')).toThrow(/message/);
    expect(() => parse(ErrorBody, { message: 404 }, 'error')).toThrow(/message/);
    expect(() => parse(ErrorBody, { message: 'x', statusCode: 42 }, 'error')).toThrow(/statusCode/);
    expect(parse(ErrorBody, { message: 'x', detail: { a: 1 } }, 'error')).toEqual({
      message: 'x',
      detail: { a: 1 },
    });
  });

  it('survives a JSON round trip', () => expectJsonRoundTrip(ErrorBody, 'error'));
  it('names the broken field', () => expectMutationsNamed(ErrorBody, 'error'));
});

describe('RateLimitErrorBody', () => {
  it('insists on statusCode 429', () => {
    expect(() => parse(RateLimitErrorBody, { statusCode: 400, message: 'x' }, 'error')).toThrow(/statusCode/);
    expect(() => parse(RateLimitErrorBody, { message: 'x' }, 'error')).toThrow(/statusCode/);
  });
  it('survives a JSON round trip', () => expectJsonRoundTrip(RateLimitErrorBody, 'error'));
  it('names the broken field', () => expectMutationsNamed(RateLimitErrorBody, 'error'));
});

describe('toErrorBody', () => {
  it('lists every offending field of a validation error', () => {
    const error = new ValidationError('text request', [
      { path: 'messages', message: 'Required' },
      { path: 'confidenceThreshold', message: 'confidenceThreshold must be a number from 0 to 1' },
    ]);
    const body = parse(ErrorBody, toErrorBody(error), 'error');
    expect(body.message).toMatch(/messages: Required; confidenceThreshold: .* from 0 to 1/);
    expect(body.code).toBe(ValidationError.code);
    expect(body.issues).toEqual(error.issues);
    expect(body.statusCode).toBeUndefined();
  });

  it('repeats 429 in the body as Symbl does', () => {
    const body = toErrorBody(new RateLimitError(concurrentJobsLimitMessage(2), 1000));
    expect(parse(RateLimitErrorBody, body, 'error')).toMatchObject({ statusCode: 429 });
  });

  it('keeps the message of other Parley errors and hides foreign ones', () => {
    expect(toErrorBody(new NotFoundError('conversation 1 not found'))).toMatchObject({
      message: 'conversation 1 not found',
    });
    expect(toErrorBody(new Error('secret stack detail'))).toEqual({ message: 'Internal server error.' });
    expect(toErrorBody('boom')).toEqual({ message: 'Internal server error.' });
  });
});

describe('STATUS_MEANINGS', () => {
  it('covers the generic table', () => {
    expect(Object.keys(STATUS_MEANINGS).map(Number)).toEqual([
      200, 201, 400, 401, 402, 403, 404, 405, 409, 413, 429, 500, 502, 504,
    ]);
  });
});

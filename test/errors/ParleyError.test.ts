import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors/index.ts';
import {
  NotFoundError,
  ParleyError,
  RateLimitError,
  ValidationError,
  WebSocketClosedError,
} from '../../src/errors/index.ts';

const classes = Object.values(errors).filter(
  (value): value is typeof ParleyError =>
    typeof value === 'function' && value.prototype instanceof ParleyError,
);

describe('ParleyError', () => {
  it('gives every class its own stable code', () => {
    const codes = classes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^PARLEY_ERR_[A-Z_]+$/);
  });

  it('keeps status, retryable and cause', () => {
    const cause = new Error('socket hang up');
    const error = new RateLimitError('slow down', 2000, { cause });
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(2000);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('RateLimitError');
  });

  it('recognises errors from a duplicate copy of the class by brand and code', () => {
    const foreign = Object.assign(new Error('x'), {
      code: NotFoundError.code,
      [Symbol.for('parley.error')]: true,
    });
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(ParleyError);
    expect(foreign).not.toBeInstanceOf(ValidationError);
    expect({ code: NotFoundError.code }).not.toBeInstanceOf(NotFoundError);
  });

  it('names every offending path in a validation error', () => {
    const error = new ValidationError('start_request', [
      { path: 'config.speechRecognition.sampleRateHertz', message: 'expected a number' },
      { path: '', message: 'unknown type' },
    ]);
    expect(error.message).toBe(
      'Invalid start_request: config.speechRecognition.sampleRateHertz: expected a number; (root): unknown type',
    );
    expect(error.toJSON()).toMatchObject({
      code: 'PARLEY_ERR_VALIDATION',
      status: 400,
      issues: error.issues,
    });
  });

  it('marks abnormal WebSocket closes retryable and normal ones not', () => {
    expect(new WebSocketClosedError(1006).retryable).toBe(true);
    expect(new WebSocketClosedError(1000, 'bye').retryable).toBe(false);
    expect(new WebSocketClosedError(4001, 'unauthorized').message).toContain('4001 (unauthorized)');
  });
});

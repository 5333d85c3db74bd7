import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverFlags } from '../../src/cli/serverFlags.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('serverFlags', () => {
  it('takes --url and --token before the environment, and nothing means the local engine', () => {
    vi.stubEnv('PARLEY_BASE_URL', 'http://env:1');
    vi.stubEnv('PARLEY_TOKEN', 'env-token');
    expect(serverFlags({ url: 'http://flag:2', token: 't' }, 'live options')).toEqual({
      baseUrl: 'http://flag:2',
      token: 't',
    });
    expect(serverFlags({}, 'live options')).toEqual({ baseUrl: 'http://env:1', token: 'env-token' });
    vi.unstubAllEnvs();
    vi.stubEnv('PARLEY_BASE_URL', undefined);
    vi.stubEnv('PARLEY_TOKEN', undefined);
    expect(serverFlags({}, 'live options')).toBeUndefined();
  });

  it('names the missing half when only one of the two is given', () => {
    vi.stubEnv('PARLEY_BASE_URL', undefined);
    vi.stubEnv('PARLEY_TOKEN', undefined);
    const error = (() => {
      try {
        serverFlags({ url: 'http://x:1' }, 'call options');
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'token' })]);
    expect(error.message).toContain('call options');
    expect(() => serverFlags({ token: 't' }, 'live options')).toThrow(/url/);
  });
});

import { describe, expect, it } from 'vitest';
import type { Route } from '../../../src/server/http/Route.ts';
import { Router } from '../../../src/server/http/Router.ts';

const route = (method: string, pattern: string): Route => ({
  method,
  pattern,
  handle: async () => ({ status: 200, body: pattern }),
});

describe('Router', () => {
  const router = new Router().add(
    route('PUT', '/v1/process/audio/:conversationId'),
    route('PUT', '/v1/process/audio/url/:conversationId'),
    route('POST', '/oauth2/token:generate'),
    route('GET', '/v1/conversations/:conversationId'),
    route('DELETE', '/v1/conversations/:conversationId'),
  );

  it('prefers literal segments over parameters', () => {
    const match = router.match('PUT', '/v1/process/audio/url/123');
    expect(match.kind === 'found' && match.route.pattern).toBe('/v1/process/audio/url/:conversationId');
    const byId = router.match('PUT', '/v1/process/audio/123');
    expect(byId.kind === 'found' && byId.params).toEqual({ conversationId: '123' });
  });

  it('routes a literal colon, decodes parameters, and tells 405 from 404', () => {
    expect(router.match('POST', '/oauth2/token:generate').kind).toBe('found');
    expect(router.match('POST', '/oauth2/token:other').kind).toBe('not-found');
    const decoded = router.match('GET', '/v1/conversations/a%20b');
    expect(decoded.kind === 'found' && decoded.params.conversationId).toBe('a b');
    expect(router.match('PATCH', '/v1/conversations/1')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['DELETE', 'GET'],
    });
    expect(router.match('GET', '/v1/conversations/%E0%A4%A').kind).toBe('not-found');
  });
});

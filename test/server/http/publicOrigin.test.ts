import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { publicOrigin } from '../../../src/server/http/publicOrigin.ts';

const listeningUrl = 'http://10.0.0.5:3000';
const request = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;
const forged = request({
  host: 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'evil.example',
});

describe('publicOrigin', () => {
  it('takes the configured public URL over everything a request says', () => {
    for (const trustProxy of [false, true])
      expect(
        publicOrigin(forged, { publicUrl: 'https://parley.example.com', trustProxy, listeningUrl }),
      ).toBe('https://parley.example.com');
  });

  it('ignores Host and X-Forwarded-* without a trusted proxy', () => {
    expect(publicOrigin(forged, { publicUrl: undefined, trustProxy: false, listeningUrl })).toBe(
      listeningUrl,
    );
  });

  it('believes the last forwarded entries (the nearest proxy’s) behind a trusted proxy', () => {
    const settings = { publicUrl: undefined, trustProxy: true, listeningUrl };
    const proxied = request({
      host: 'internal:3000',
      'x-forwarded-proto': 'http, HTTPS',
      'x-forwarded-host': ['claimed.example', 'parley.example.com'],
    });
    expect(publicOrigin(proxied, settings)).toBe('https://parley.example.com');
    expect(publicOrigin(request({ host: 'parley.example.com:8080' }), settings)).toBe(
      'http://parley.example.com:8080',
    );
    expect(publicOrigin(request({ host: '[::1]:8080', 'x-forwarded-proto': 'gopher' }), settings)).toBe(
      'http://[::1]:8080',
    );
  });

  it('falls back to the listening address for a forwarded host that is not a plain host', () => {
    const settings = { publicUrl: undefined, trustProxy: true, listeningUrl };
    for (const host of ['evil.example/path', 'a@b', 'x y', ''])
      expect(publicOrigin(request({ host, 'x-forwarded-proto': 'https' }), settings)).toBe(listeningUrl);
    expect(publicOrigin(request({}), settings)).toBe(listeningUrl);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalHost,
  OutboundPolicy,
  OutboundRefusal,
} from '../../../src/server/outbound/OutboundPolicy.ts';
import { requestFollowingRedirects } from '../../../src/server/outbound/requestFollowingRedirects.ts';
import { LOOPBACK_FORMS } from '../support/loopbackForms.ts';

let target: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  target = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/to-loopback') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` });
      res.end();
    } else if (req.url === '/to-localhost') {
      res.writeHead(301, { location: `http://localhost:${port}/secret` });
      res.end();
    } else if (req.url?.startsWith('/loop') && Number(req.url.slice(5)) < 5) {
      res.writeHead(302, { location: `/loop${Number(req.url.slice(5)) + 1}` });
      res.end();
    } else {
      res.end('public');
    }
  });
  // 127.0.0.2 plays the internet host; 127.0.0.1 (and every other spelling) stays what it is.
  await new Promise<void>((resolve) => target.listen(0, '0.0.0.0', resolve));
  port = (target.address() as AddressInfo).port;
});
afterAll(() => target.close());

const policy = new OutboundPolicy({
  resolve: async (name) =>
    name === 'media.example.com'
      ? [{ address: '127.0.0.2', family: 4 }]
      : [{ address: '127.0.0.1', family: 4 }],
  alsoPublic: (ip) => ip === '127.0.0.2',
});

describe('canonicalHost', () => {
  it('reads every odd IPv4 spelling as the dotted quad the resolver would make of it', () => {
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '0x7f000001', '127.1', '017700000001'])
      expect(canonicalHost(host)).toBe('127.0.0.1');
    expect(canonicalHost('0')).toBe('0.0.0.0');
    expect(canonicalHost('[::ffff:127.0.0.1]')).toBe('::ffff:7f00:1');
    expect(canonicalHost('::1')).toBe('::1');
    expect(canonicalHost('Media.Example.COM')).toBe('media.example.com');
    expect(() => canonicalHost('a b')).toThrow(OutboundRefusal);
  });
});

describe('OutboundPolicy', () => {
  it('refuses every loopback form, by address or by what a name resolves to', async () => {
    const strict = new OutboundPolicy();
    for (const host of LOOPBACK_FORMS)
      await expect(strict.resolve(host)).rejects.toBeInstanceOf(OutboundRefusal);
    const lying = new OutboundPolicy({
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
    });
    // One private address among public ones is enough: the name is not trusted.
    await expect(lying.resolve('mixed.example.com')).rejects.toThrow(/10\.0\.0\.5 is private/);
    await expect(new OutboundPolicy({ allowPrivateNetworks: true }).resolve('127.0.0.1')).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    // The option opens private networks only: "this host" and multicast stay closed.
    await expect(new OutboundPolicy({ allowPrivateNetworks: true }).resolve('0.0.0.0')).rejects.toThrow(
      OutboundRefusal,
    );
  });

  it('connects to the address it checked, and refuses a connection to any other', async () => {
    const seen = hits.length;
    const response = await request(`http://media.example.com:${port}/file`, {
      dispatcher: policy.dispatcher,
    });
    expect(await response.body.text()).toBe('public');
    expect(hits.slice(seen)).toEqual(['/file']);
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', 'localhost'])
      await expect(
        request(`http://${host}:${port}/secret`, { dispatcher: policy.dispatcher }),
      ).rejects.toThrow();
    expect(hits).not.toContain('/secret');
  });

  it('checks every redirect again, and stops after the cap', async () => {
    const options = { maxRedirects: 3, signal: AbortSignal.timeout(5000), timeoutMs: 5000 };
    for (const path of ['/to-loopback', '/to-localhost'])
      await expect(
        requestFollowingRedirects(policy, `http://media.example.com:${port}${path}`, options),
      ).rejects.toThrow();
    expect(hits).not.toContain('/secret');
    await expect(
      requestFollowingRedirects(policy, `http://media.example.com:${port}/loop0`, options),
    ).rejects.toThrow(/more than 3 redirects/);
    await expect(requestFollowingRedirects(policy, 'file:///etc/passwd', options)).rejects.toThrow(
      /not http/,
    );
    const fine = await requestFollowingRedirects(policy, `http://media.example.com:${port}/loop2`, options);
    expect(await fine.body.text()).toBe('public');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../../src/server/outbound/publicAddress.ts';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));

/** The IPv6 spellings that carry an IPv4 address. */
function embeddings(v4: string): string[] {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return [
    `::ffff:${v4}`,
    `::ffff:${hi}:${lo}`,
    `0:0:0:0:0:ffff:${hi}:${lo}`,
    `64:ff9b::${v4}`,
    `2002:${hi}:${lo}::1`,
  ];
}

describe('classifyAddress', () => {
  it('refuses loopback, private, link-local, shared, multicast, unspecified and reserved IPv4', () => {
    const closed = {
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'shared address space (carrier-grade NAT)',
      '0.0.0.0': 'unspecified ("this network")',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '240.0.0.1': 'reserved (and broadcast)',
      '255.255.255.255': 'reserved (and broadcast)',
      '192.0.2.10': 'documentation',
      '198.18.0.1': 'benchmarking',
    };
    for (const [ip, what] of Object.entries(closed))
      expect(classifyAddress(ip)).toMatchObject({ public: false, what });
    for (const ip of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '11.0.0.1', '1.1.1.1'])
      expect(classifyAddress(ip).public).toBe(true);
  });

  it('marks only the operator’s own networks as private (what allowPrivateNetworks opens)', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '192.168.0.1',
      '169.254.1.1',
      '100.64.1.1',
      '::1',
      'fd00::1',
      'fe80::1',
    ])
      expect(classifyAddress(ip).private).toBe(true);
    for (const ip of ['0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.1', '::', 'ff02::1', '2001:db8::1'])
      expect(classifyAddress(ip)).toMatchObject({ public: false, private: false });
  });

  it('classifies IPv6 natively and by the IPv4 address it embeds', () => {
    expect(classifyAddress('::1').what).toBe('loopback');
    expect(classifyAddress('::').what).toBe('unspecified');
    expect(classifyAddress('fc00::1').what).toBe('unique local');
    expect(classifyAddress('fe80::1%eth0').what).toBe('link-local');
    expect(classifyAddress('ff02::1').what).toBe('multicast');
    expect(classifyAddress('2001:db8::1').what).toBe('documentation');
    expect(classifyAddress('2001::1').what).toBe('Teredo');
    expect(classifyAddress('[2606:4700::1111]').public).toBe(true);
    expect(classifyAddress('2a00:1450:4001:80b::200e').public).toBe(true);
    expect(classifyAddress('4000::1').public).toBe(false);
  });

  it('gives every IPv6 spelling of an IPv4 address the same answer as the IPv4 form', () => {
    fc.assert(
      fc.property(ipv4, (v4) => {
        const expected = classifyAddress(v4);
        for (const spelling of embeddings(v4)) expect(classifyAddress(spelling)).toEqual(expected);
      }),
    );
  });

  it('never calls a non-address public', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^[0-9a-fA-F:.[\]%a-z]+$/.test(text) || text.length < 2);
        expect(classifyAddress(text).public).toBe(false);
      }),
    );
    for (const text of ['localhost', '2130706433', '0x7f.0.0.1', '127.1', '', 'example.com'])
      expect(classifyAddress(text).public).toBe(false);
  });
});

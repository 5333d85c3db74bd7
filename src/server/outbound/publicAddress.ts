import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 range as its first address (32-bit) and prefix length. */
type Ipv4Range = readonly [first: number, prefix: number, what: string];

/**
 * IPv4 ranges no request made for a caller may reach: this host and its networks, private and
 * shared address space, link-local, documentation and benchmark nets, multicast, reserved,
 * broadcast.
 */
const NON_PUBLIC_IPV4: readonly Ipv4Range[] = [
  [ipv4('0.0.0.0'), 8, 'unspecified ("this network")'],
  [ipv4('10.0.0.0'), 8, 'private'],
  [ipv4('100.64.0.0'), 10, 'shared address space (carrier-grade NAT)'],
  [ipv4('127.0.0.0'), 8, 'loopback'],
  [ipv4('169.254.0.0'), 16, 'link-local'],
  [ipv4('172.16.0.0'), 12, 'private'],
  [ipv4('192.0.0.0'), 24, 'IETF protocol assignments'],
  [ipv4('192.0.2.0'), 24, 'documentation'],
  [ipv4('192.88.99.0'), 24, '6to4 relay anycast'],
  [ipv4('192.168.0.0'), 16, 'private'],
  [ipv4('198.18.0.0'), 15, 'benchmarking'],
  [ipv4('198.51.100.0'), 24, 'documentation'],
  [ipv4('203.0.113.0'), 24, 'documentation'],
  [ipv4('224.0.0.0'), 4, 'multicast'],
  [ipv4('240.0.0.0'), 4, 'reserved (and broadcast)'],
];

/** Ranges of private networks an operator may open with `allowPrivateNetworks`. */
const PRIVATE_KINDS = new Set([
  'private',
  'loopback',
  'link-local',
  'shared address space (carrier-grade NAT)',
  'unique local',
]);

/** What kind of address `ip` is, when it is not a public unicast address. */
export interface AddressClass {
  /** True for an ordinary public unicast address. */
  public: boolean;
  /**
   * True for addresses of the operator's own networks (loopback, private, link-local, shared, unique
   * local): the ones `allowPrivateNetworks` opens. Unspecified, multicast, documentation and
   * reserved addresses stay closed whatever the option.
   */
  private: boolean;
  /** A short name of the range, for logs. */
  what: string;
}

/**
 * Classifies a numeric IP address (IPv4 dotted quad, or IPv6 in any textual form). IPv6 forms that
 * embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) are classified by the address they embed, so no IPv6 spelling
 * reaches a range the IPv4 form could not. Anything that is not an IP address is not public.
 */
export function classifyAddress(ip: string): AddressClass {
  if (isIPv4(ip)) return classifyIpv4(ipv4(ip));
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const zoneless = bare.split('%')[0] ?? '';
  if (isIPv6(zoneless)) return classifyIpv6(ipv6Words(zoneless));
  return { public: false, private: false, what: 'not an IP address' };
}

function classifyIpv4(address: number): AddressClass {
  for (const [first, prefix, what] of NON_PUBLIC_IPV4) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((address & mask) >>> 0 === first) return { public: false, private: PRIVATE_KINDS.has(what), what };
  }
  return { public: true, private: false, what: 'public' };
}

function classifyIpv6(w: readonly number[]): AddressClass {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = w;
  const embedded = ((w6 << 16) | w7) >>> 0;
  const upperZero = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0;
  if (upperZero && w5 === 0 && w6 === 0 && w7 === 0) return closed('unspecified');
  if (upperZero && w5 === 0 && w6 === 0 && w7 === 1)
    return { public: false, private: true, what: 'loopback' };
  // IPv4-mapped (::ffff:0:0/96) and the deprecated IPv4-compatible form (::/96).
  if (upperZero && (w5 === 0xffff || w5 === 0)) return classifyIpv4(embedded);
  // NAT64 well-known prefix 64:ff9b::/96 and local-use 64:ff9b:1::/48.
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0)
    return classifyIpv4(embedded);
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 1) return closed('NAT64 local use');
  // 6to4 (2002::/16) carries the IPv4 address in its second and third words.
  if (w0 === 0x2002) return classifyIpv4(((w1 << 16) | w2) >>> 0);
  if (w0 === 0x2001 && w1 === 0) return closed('Teredo');
  if (w0 === 0x2001 && w1 === 0xdb8) return closed('documentation');
  if (w0 === 0x100 && w1 === 0 && w2 === 0 && w3 === 0) return closed('discard-only');
  if ((w0 & 0xfe00) === 0xfc00) return { public: false, private: true, what: 'unique local' };
  if ((w0 & 0xffc0) === 0xfe80) return { public: false, private: true, what: 'link-local' };
  if ((w0 & 0xffc0) === 0xfec0) return { public: false, private: true, what: 'site-local' };
  if ((w0 & 0xff00) === 0xff00) return closed('multicast');
  // Only global unicast (2000::/3) is routed on the internet.
  if ((w0 & 0xe000) !== 0x2000) return closed('reserved');
  return { public: true, private: false, what: 'public' };
}

function closed(what: string): AddressClass {
  return { public: false, private: false, what };
}

function ipv4(dotted: string): number {
  return dotted.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

/** The eight 16-bit words of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Words(text: string): number[] {
  let source = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(source);
  if (dotted !== null) {
    const v4 = ipv4(dotted[1]!);
    source = `${source.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = source.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

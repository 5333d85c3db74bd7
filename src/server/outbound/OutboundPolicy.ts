import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { classifyAddress } from './publicAddress.ts';

/** Options of {@link OutboundPolicy}. */
export interface OutboundPolicyOptions {
  /**
   * Lets requests reach loopback, private, link-local, shared (carrier-grade NAT) and unique-local
   * addresses: for a server on premises whose media, webhook receivers or SIP peers sit on its own
   * network. Off by default. Unspecified, multicast, documentation and reserved addresses stay
   * closed either way.
   */
  allowPrivateNetworks?: boolean;
  /** Name resolution (default `dns.lookup`, the system resolver); a test seam. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
  /**
   * Addresses to take for public ones although they are not: a test seam, so a test can stand a
   * server on a loopback address (127.0.0.2) in for an internet host and watch what the policy
   * does with what it answers.
   */
  alsoPublic?: (ip: string) => boolean;
  /** Connect timeout of the HTTP dispatcher (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * Why a request was not made. The text is for logs: callers get one generic message whatever the
 * reason, so the server cannot be used to map what sits behind it.
 */
export class OutboundRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'OutboundRefusal';
  }
}

/**
 * Where the requests the server makes for a caller (media URLs, webhooks, SIP targets) may go.
 * A host is resolved once; every address it resolves to must be public (or, with
 * `allowPrivateNetworks`, on a private network), and the connection is made to the address that
 * was checked, never to a second lookup's answer. HTTP goes through {@link dispatcher}, whose
 * connector checks each connection (IP literals included), so a redirect followed through it is
 * checked again.
 */
export class OutboundPolicy {
  readonly allowPrivateNetworks: boolean;
  readonly #resolve: (hostname: string) => Promise<LookupAddress[]>;
  readonly #connectTimeoutMs: number;
  readonly #alsoPublic: (ip: string) => boolean;
  #dispatcher: Agent | undefined;

  constructor(options: OutboundPolicyOptions = {}) {
    this.allowPrivateNetworks = options.allowPrivateNetworks ?? false;
    this.#resolve = options.resolve ?? systemResolve;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#alsoPublic = options.alsoPublic ?? (() => false);
  }

  /** @throws OutboundRefusal when `ip` (a numeric address) is closed to outbound requests. */
  checkAddress(ip: string): void {
    const kind = classifyAddress(ip);
    if (kind.public || (kind.private && this.allowPrivateNetworks) || this.#alsoPublic(ip)) return;
    throw new OutboundRefusal(`${ip} is ${kind.what}`);
  }

  /**
   * Resolves `host` (a name, or an IP in any form a URL parser accepts: `2130706433`, `0x7f.1`,
   * `[::ffff:127.0.0.1]`) and checks every address it has; the first is the one to connect to.
   * @throws OutboundRefusal when the name does not resolve or any of its addresses is closed.
   */
  async resolve(host: string): Promise<LookupAddress> {
    const [first] = await this.#checkedAddresses(host);
    return first!;
  }

  /** A `net.connect` lookup that resolves once and answers only checked addresses. */
  readonly lookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
    this.#checkedAddresses(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted === undefined ? addresses : addresses.filter((a) => a.family === wanted);
        const [first] = usable;
        if (first === undefined) {
          callback(new OutboundRefusal(`${hostname} has no IPv${wanted} address`), '', 0);
        } else if (options.all === true) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, '', 0),
    );
  };

  /**
   * The undici dispatcher for requests made for callers: every connection it opens goes to a
   * checked address (names through {@link lookup}, IP literals checked before connecting).
   */
  get dispatcher(): Dispatcher {
    this.#dispatcher ??= new Agent({ connect: this.#connector() });
    return this.#dispatcher;
  }

  /** Closes the dispatcher's idle connections. */
  async close(): Promise<void> {
    await this.#dispatcher?.close();
  }

  #connector(): buildConnector.connector {
    const connect = buildConnector({ lookup: this.lookup, timeout: this.#connectTimeoutMs });
    return (options, callback) => {
      const host = options.hostname.startsWith('[') ? options.hostname.slice(1, -1) : options.hostname;
      if (isIP(host) !== 0) {
        try {
          this.checkAddress(host);
        } catch (error) {
          callback(error as Error, null);
          return;
        }
      }
      connect(options, callback);
    };
  }

  async #checkedAddresses(host: string): Promise<LookupAddress[]> {
    const name = canonicalHost(host);
    if (isIP(name) !== 0) {
      this.checkAddress(name);
      return [{ address: name, family: isIP(name) }];
    }
    let addresses: LookupAddress[];
    try {
      addresses = await this.#resolve(name);
    } catch (error) {
      throw new OutboundRefusal(`${name} does not resolve (${(error as Error).message})`);
    }
    if (addresses.length === 0) throw new OutboundRefusal(`${name} does not resolve`);
    // One closed address is enough to refuse: a name that also points inside is not trusted.
    for (const { address } of addresses) this.checkAddress(address);
    return addresses;
  }
}

/**
 * The host as a URL parser reads it: odd IPv4 spellings (`2130706433`, `0177.0.0.1`, `0x7f.1`,
 * `127.1`) become the dotted quad the system resolver would also make of them, IPv6 loses its
 * brackets, names are lowercased (and punycoded).
 * @throws OutboundRefusal for a host no URL could carry.
 */
export function canonicalHost(host: string): string {
  const bracketed = isIP(host) === 6 ? `[${host}]` : host;
  let hostname: string;
  try {
    hostname = new URL(`http://${bracketed}/`).hostname;
  } catch {
    throw new OutboundRefusal(`${JSON.stringify(host)} is not a host name`);
  }
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

function systemResolve(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error === null ? resolve(addresses) : reject(error),
    );
  });
}

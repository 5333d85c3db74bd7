import { randomBytes, randomInt } from 'node:crypto';
import {
  cseqOf,
  headerParam,
  headerValue,
  headerValues,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './SipMessage.ts';
import type { SipAddress } from './SipTransport.ts';
import { formatSipUri, parseSipUri, type SipUri } from './SipUri.ts';

/** The port a SIP URI without one means (RFC 3261 19.1.2, UDP). */
export const DEFAULT_SIP_PORT = 5060;

/** How the user agent answers requests of the far end it does not act on. */
const ANSWERS: Readonly<Record<string, readonly [number, string]>> = {
  BYE: [200, 'OK'],
  OPTIONS: [200, 'OK'],
  INVITE: [488, 'Not Acceptable Here'],
};

/** Who the dialog's user agent is and where its requests go. */
export interface SipDialogOptions {
  /** The URI called: the Request-URI of the INVITE and the To of every request. */
  target: SipUri;
  /** Outbound proxy: when set, every request goes there, in the dialog too. */
  proxy?: SipUri;
  /** The local SIP socket's address (Via, Contact). */
  local: SipAddress;
  /**
   * From URI; default `sip:<username>@<target host>` with credentials (what registrars expect),
   * else `sip:parley@<local address>`.
   */
  from?: string;
  /** The user name of the credentials, when the call has some. */
  username?: string;
  /** Display name in From. */
  displayName: string;
}

/** What the 2xx to the INVITE settled (RFC 3261 12.1.2). */
interface Established {
  remoteTarget: string;
  /** The To header of the 2xx, with the far end's tag. */
  toHeader: string;
  /** The route set: Record-Route of the 2xx, reversed, without angle brackets. */
  routes: string[];
  ack: SipRequest;
}

/**
 * The state every request of one call shares, from the first INVITE to the BYE: Call-ID, From
 * tag, the local CSeq, Via and Contact; then, once a 2xx established the dialog, the far end's
 * tag, its remote target and the route set. It builds requests and answers; it sends nothing.
 *
 * CSeq: every INVITE after the first (the answer to a challenge) takes the next number; the ACK of
 * the 2xx repeats the INVITE's; a BYE takes the next (RFC 3261 8.1.1.5, 13.2.2.4).
 */
export class SipDialog {
  readonly callId = `${randomBytes(12).toString('hex')}@parley`;
  /** The Request-URI of the INVITE (the target, without credentials). */
  readonly requestUri: string;
  /** Where requests outside the dialog (INVITE, CANCEL) go: the proxy, else the target. */
  readonly firstHop: SipAddress;
  readonly #proxied: boolean;
  readonly #hostPart: string;
  readonly #localPort: number;
  readonly #fromHeader: string;
  #cseq = randomInt(1, 10_000);
  #invites = 0;
  #established: Established | undefined;

  constructor(options: SipDialogOptions) {
    const hop = options.proxy ?? options.target;
    this.requestUri = formatSipUri(options.target);
    this.firstHop = { host: hop.host, port: hop.port ?? DEFAULT_SIP_PORT };
    this.#proxied = options.proxy !== undefined;
    this.#hostPart = bracketed(options.local.host);
    this.#localPort = options.local.port;
    const fromUri =
      options.from ??
      (options.username === undefined
        ? `sip:parley@${this.#hostPart}`
        : `sip:${options.username}@${options.target.host}`);
    const tag = randomBytes(6).toString('hex');
    this.#fromHeader = `"${options.displayName.replace(/"/g, '')}" <${fromUri}>;tag=${tag}`;
  }

  /** Whether a 2xx established the dialog. */
  get established(): boolean {
    return this.#established !== undefined;
  }

  /** The ACK of the 2xx, re-sent for every retransmission of that 2xx (RFC 3261 13.2.2.4). */
  get ack(): SipRequest | undefined {
    return this.#established?.ack;
  }

  /** Whether a message belongs to this call (its Call-ID). */
  owns(message: SipMessage): boolean {
    return headerValue(message, 'Call-ID') === this.callId;
  }

  /** An INVITE carrying `offer`; `authorization` answers a challenge to the previous one. */
  invite(offer: string, authorization?: SipHeader): SipRequest {
    if (this.#invites > 0) this.#cseq += 1;
    this.#invites += 1;
    return {
      kind: 'request',
      method: 'INVITE',
      uri: this.requestUri,
      headers: [
        ['Via', this.#via()],
        ['Max-Forwards', '70'],
        ['From', this.#fromHeader],
        ['To', `<${this.requestUri}>`],
        ['Call-ID', this.callId],
        ['CSeq', `${this.#cseq} INVITE`],
        ['Contact', `<sip:parley@${this.#hostPart}:${this.#localPort}>`],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS'],
        ['User-Agent', 'Parley'],
        ...(authorization ? [authorization] : []),
        ['Content-Type', 'application/sdp'],
      ],
      body: offer,
    };
  }

  /** The CANCEL of an INVITE (RFC 3261 9.1): its Request-URI, Via, From, To, Call-ID and CSeq number. */
  cancel(invite: SipRequest): SipRequest {
    const copied = ['via', 'max-forwards', 'from', 'to', 'call-id', 'route'];
    return {
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      headers: invite.headers
        .filter(([name]) => copied.includes(name.toLowerCase()))
        .concat([['CSeq', `${cseqOf(invite).seq} CANCEL`]]),
      body: '',
    };
  }

  /**
   * Takes the dialog state from the 2xx to the INVITE (the far end's tag, Contact and
   * Record-Route) and returns the ACK to send.
   */
  establish(response: SipResponse): SipRequest {
    const toHeader = headerValue(response, 'To') ?? `<${this.requestUri}>`;
    const remoteTarget = /<([^>]+)>/.exec(headerValue(response, 'Contact') ?? '')?.[1] ?? this.requestUri;
    const routes = headerValues(response, 'Record-Route')
      .reverse()
      .map((r) => /<([^>]+)>/.exec(r)?.[1] ?? r);
    const ack: SipRequest = {
      kind: 'request',
      method: 'ACK',
      uri: remoteTarget,
      headers: [
        ['Via', this.#via()],
        ['Max-Forwards', '70'],
        ...routeHeaders(routes),
        ['From', this.#fromHeader],
        ['To', toHeader],
        ['Call-ID', this.callId],
        ['CSeq', `${this.#cseq} ACK`],
      ],
      body: '',
    };
    this.#established = { remoteTarget, toHeader, routes, ack };
    return ack;
  }

  /** The BYE that ends the established dialog, or undefined before a 2xx. */
  bye(): SipRequest | undefined {
    const dialog = this.#established;
    if (dialog === undefined) return undefined;
    this.#cseq += 1;
    return {
      kind: 'request',
      method: 'BYE',
      uri: dialog.remoteTarget,
      headers: [
        ['Via', this.#via()],
        ['Max-Forwards', '70'],
        ...routeHeaders(dialog.routes),
        ['From', this.#fromHeader],
        ['To', dialog.toHeader],
        ['Call-ID', this.callId],
        ['CSeq', `${this.#cseq} BYE`],
        ['User-Agent', 'Parley'],
      ],
      body: '',
    };
  }

  /**
   * Where in-dialog requests (ACK, BYE) go: the proxy when there is one, else the first route, else
   * the remote target (RFC 3261 12.2.1.1 with a loose router).
   */
  nextHop(): SipAddress {
    if (this.#proxied) return this.firstHop;
    const dialog = this.#established;
    const hop = parseSipUri(dialog?.routes[0] ?? dialog?.remoteTarget ?? this.requestUri, 'SIP next hop');
    return { host: hop.host, port: hop.port ?? DEFAULT_SIP_PORT };
  }

  /**
   * What to send for a message no transaction claimed, and whether it ended the call: the ACK
   * again for a retransmitted 2xx (RFC 3261 13.2.2.4: ours was lost); for a request from the far
   * end, 200 to BYE (the far end hung up) and OPTIONS, 488 to a re-INVITE, 501 to anything else,
   * nothing to an ACK. Messages of other calls get nothing.
   */
  reply(message: SipMessage): { send?: { message: SipMessage; to: SipAddress }; farEndHungUp: boolean } {
    if (!this.owns(message)) return { farEndHungUp: false };
    if (message.kind === 'response') {
      const ack = this.ack;
      const retransmitted2xx =
        message.status >= 200 && message.status < 300 && cseqOf(message).method === 'INVITE';
      return retransmitted2xx && ack
        ? { send: { message: ack, to: this.nextHop() }, farEndHungUp: false }
        : { farEndHungUp: false };
    }
    if (message.method === 'ACK') return { farEndHungUp: false };
    const [status, reason] = ANSWERS[message.method] ?? [501, 'Not Implemented'];
    return { send: this.answer(message, status, reason), farEndHungUp: message.method === 'BYE' };
  }

  /**
   * An answer to a request from the far end and where to send it: Via, From, To, Call-ID and CSeq
   * copied, To given a tag when it has none (RFC 3261 8.2.6); sent to the top Via's
   * `received`/`rport`, else its sent-by (RFC 3261 18.2.2, RFC 3581), else the first hop.
   */
  answer(request: SipRequest, status: number, reason: string): { message: SipResponse; to: SipAddress } {
    const copied = request.headers.filter(([n]) =>
      ['via', 'from', 'to', 'call-id', 'cseq'].includes(n.toLowerCase()),
    );
    const headers = copied.map(
      ([n, v]): SipHeader =>
        n.toLowerCase() === 'to' && headerParam(v, 'tag') === undefined
          ? [n, `${v};tag=${randomBytes(4).toString('hex')}`]
          : [n, v],
    );
    return {
      message: {
        kind: 'response',
        status,
        reason,
        headers: [...headers, ['User-Agent', 'Parley']],
        body: '',
      },
      to: viaAddress(request) ?? this.firstHop,
    };
  }

  /** A Via with a new branch (a CANCEL copies its INVITE's Via instead). */
  #via(): string {
    const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
    return `SIP/2.0/UDP ${this.#hostPart}:${this.#localPort};branch=${branch};rport`;
  }
}

function routeHeaders(routes: readonly string[]): SipHeader[] {
  return routes.map((r): SipHeader => ['Route', `<${r}>`]);
}

/** An IPv6 address in brackets, as a host part of a URI or Via. */
function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function viaAddress(request: SipRequest): SipAddress | undefined {
  const via = headerValues(request, 'Via')[0];
  const sentBy = via ? /^SIP\/2\.0\/UDP\s+(\[[^\]]+\]|[^:;\s]+)(?::(\d+))?/i.exec(via) : null;
  if (!via || !sentBy) return undefined;
  const host = headerParam(via, 'received') || (sentBy[1] as string).replace(/^\[|\]$/g, '');
  const rport = headerParam(via, 'rport');
  return { host, port: Number(rport || sentBy[2] || DEFAULT_SIP_PORT) };
}

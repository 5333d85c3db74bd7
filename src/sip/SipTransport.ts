import { createSocket, type Socket } from 'node:dgram';
import { toSourceError } from '../../sources/toSourceError.ts';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { parseSipMessage, type SipMessage, type SipResponse, serializeSipMessage } from './SipMessage.ts';

/** A UDP address. */
export interface SipAddress {
  host: string;
  port: number;
}

/** Receives one response that matched a client transaction (top Via branch + CSeq method). */
export type ResponseHandler = (response: SipResponse) => void;

/** Receives a request (or a response no transaction claimed) and where it came from. */
export type UnmatchedHandler = (message: SipMessage, from: SipAddress) => void;

/**
 * SIP over one UDP socket (RFC 3261 18): sends serialized messages, parses incoming datagrams and
 * routes responses to the client transaction that sent the request (by the branch of the top Via
 * and the CSeq method, RFC 3261 17.1.3). Datagrams that are not SIP are counted and dropped, as
 * the RFC asks of a UDP transport.
 */
export class SipTransport {
  readonly #socket: Socket;
  readonly #transactions = new Map<string, ResponseHandler>();
  #unmatched: UnmatchedHandler = () => {};
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();
  /** Local address the socket is bound to. */
  readonly local: SipAddress;
  /** Datagrams dropped because they were not parseable SIP. */
  malformed = 0;

  private constructor(socket: Socket, local: SipAddress) {
    this.#socket = socket;
    this.local = local;
    socket.on('message', (datagram, rinfo) =>
      this.#receive(datagram, { host: rinfo.address, port: rinfo.port }),
    );
  }

  /** Binds a UDP socket on `host:port` (port 0: any free one). Errors with ConnectionError. */
  static open(host: string, port = 0): Promise<SipTransport> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      const fail = (error: Error): void => {
        socket.close();
        reject(toSourceError(error, `SIP socket ${host}:${port}`));
      };
      socket.once('error', fail);
      socket.bind(port, host, () => {
        socket.off('error', fail);
        // Send errors (ICMP unreachable) surface per send; nothing to do with a late socket error.
        socket.on('error', () => {});
        resolve(new SipTransport(socket, { host, port: socket.address().port }));
      });
    });
  }

  /** Handles requests and stray responses (2xx retransmissions after the transaction ended). */
  onUnmatched(handler: UnmatchedHandler): void {
    this.#unmatched = handler;
  }

  /** Routes responses whose top Via has `branch` and whose CSeq method is `method` to `handler`. */
  register(branch: string, method: string, handler: ResponseHandler): () => void {
    const key = `${branch}|${method.toUpperCase()}`;
    this.#transactions.set(key, handler);
    return () => {
      if (this.#transactions.get(key) === handler) this.#transactions.delete(key);
    };
  }

  /** Sends a message; a closed transport drops it silently (the call is over). */
  send(message: SipMessage, to: SipAddress): void {
    if (this.#closed) return;
    // dgram resolves the host asynchronously: close() waits for these so a last 200 or BYE goes out.
    const sent = new Promise<void>((resolve) => {
      this.#socket.send(serializeSipMessage(message), to.port, to.host, () => resolve());
    });
    this.#inFlight.add(sent);
    void sent.then(() => this.#inFlight.delete(sent));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the socket; resolves once it is released. Idempotent. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#transactions.clear();
    return Promise.all(this.#inFlight).then(
      () => new Promise<void>((resolve) => this.#socket.close(() => resolve())),
    );
  }

  #receive(datagram: Buffer, from: SipAddress): void {
    if (this.#closed) return;
    // Keep-alive CRLFs (RFC 5626) are not messages.
    if (datagram.toString('latin1').trim() === '') return;
    let message: SipMessage;
    try {
      message = parseSipMessage(datagram);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.malformed += 1;
      return;
    }
    if (message.kind === 'response') {
      const handler = this.#transactions.get(responseKey(message));
      if (handler) {
        handler(message);
        return;
      }
    }
    this.#unmatched(message, from);
  }
}

function responseKey(response: SipResponse): string {
  const via = response.headers.find(([n]) => n.toLowerCase() === 'via')?.[1] ?? '';
  const branch = /;\s*branch=([^;,\s]+)/i.exec(via)?.[1] ?? '';
  const method =
    (response.headers.find(([n]) => n.toLowerCase() === 'cseq')?.[1] ?? '').trim().split(/\s+/)[1] ?? '';
  return `${branch}|${method.toUpperCase()}`;
}

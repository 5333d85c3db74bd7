import { SipError } from '../errors/SipError.ts';
import type { SipRequest, SipResponse } from './SipMessage.ts';
import { headerValue } from './SipMessage.ts';
import type { SipTimers } from './SipTimers.ts';
import type { SipAddress, SipTransport } from './SipTransport.ts';

/**
 * The INVITE client transaction over UDP (RFC 3261 17.1.1). Calling: the INVITE is retransmitted
 * on Timer A (T1, doubling) until a response; Timer B (64*T1) without one fails with SipError 408.
 * Proceeding (after a 1xx): retransmission stops, provisionals are reported. A 2xx ends the
 * transaction (the dialog ACKs it, 17.1.1.2). A 3xx-6xx is ACKed here, on the same branch, and
 * retransmissions of it are ACKed again until the transaction is disposed.
 */
export class InviteClientTransaction {
  readonly #transport: SipTransport;
  /** The INVITE this transaction sends (a CANCEL copies its Via and CSeq). */
  readonly request: SipRequest;
  readonly #destination: SipAddress;
  readonly #unregister: () => void;
  #timerA: NodeJS.Timeout | undefined;
  #timerB: NodeJS.Timeout | undefined;
  #interval: number;
  #state: 'calling' | 'proceeding' | 'completed' | 'terminated' = 'calling';
  #ack: SipRequest | undefined;
  #settle: { resolve: (r: SipResponse) => void; reject: (e: Error) => void } | undefined;
  /** Resolves with the first final response; rejects with SipError 408 when Timer B fires. */
  readonly final: Promise<SipResponse>;
  /** INVITE transmissions so far (1 + retransmissions). */
  transmissions = 0;

  constructor(
    transport: SipTransport,
    request: SipRequest,
    destination: SipAddress,
    timers: SipTimers,
    onProvisional: (response: SipResponse) => void,
  ) {
    this.#transport = transport;
    this.request = request;
    this.#destination = destination;
    this.#interval = timers.t1;
    this.final = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // A disposed transaction nobody awaits any more must not surface as an unhandled rejection.
    this.final.catch(() => undefined);
    const branch = /;\s*branch=([^;,\s]+)/i.exec(headerValue(request, 'Via') ?? '')?.[1] ?? '';
    this.#unregister = transport.register(branch, 'INVITE', (response) =>
      this.#receive(response, onProvisional),
    );
    this.#transmit();
    this.#timerB = setTimeout(() => {
      if (this.#state !== 'calling') return;
      this.#fail(new SipError(`No response to INVITE ${request.uri} within ${64 * timers.t1} ms`, 408));
    }, 64 * timers.t1);
  }

  /** Current state (RFC 3261 figure 5). */
  get state(): string {
    return this.#state;
  }

  /** Stops every timer and stops listening for responses. */
  dispose(): void {
    this.#stopTimers();
    this.#unregister();
    if (this.#state !== 'terminated') this.#fail(new SipError('INVITE transaction abandoned'));
  }

  #transmit(): void {
    this.transmissions += 1;
    this.#transport.send(this.request, this.#destination);
    this.#timerA = setTimeout(() => {
      if (this.#state !== 'calling') return;
      this.#interval *= 2;
      this.#transmit();
    }, this.#interval);
  }

  #receive(response: SipResponse, onProvisional: (response: SipResponse) => void): void {
    if (this.#state === 'terminated') return;
    if (response.status < 200) {
      if (this.#state === 'calling' || this.#state === 'proceeding') {
        this.#state = 'proceeding';
        this.#stopTimers();
        onProvisional(response);
      }
      return;
    }
    if (response.status < 300) {
      if (this.#state === 'completed') return;
      this.#stopTimers();
      this.#state = 'terminated';
      this.#unregister();
      this.#settle?.resolve(response);
      return;
    }
    this.#ack ??= this.#ackFor(response);
    this.#transport.send(this.#ack, this.#destination);
    if (this.#state === 'completed') return;
    this.#stopTimers();
    this.#state = 'completed';
    this.#settle?.resolve(response);
  }

  /** ACK for a non-2xx final response (RFC 3261 17.1.1.3): same branch, To with the response's tag. */
  #ackFor(response: SipResponse): SipRequest {
    const copy = (name: string): [string, string][] => {
      const value = headerValue(this.request, name);
      return value === undefined ? [] : [[name, value]];
    };
    const seq = (headerValue(this.request, 'CSeq') ?? '').split(/\s+/)[0];
    return {
      kind: 'request',
      method: 'ACK',
      uri: this.request.uri,
      headers: [
        ...copy('Via'),
        ...copy('Route'),
        ...copy('Max-Forwards'),
        ...copy('From'),
        ['To', headerValue(response, 'To') ?? headerValue(this.request, 'To') ?? ''],
        ...copy('Call-ID'),
        ['CSeq', `${seq} ACK`],
      ],
      body: '',
    };
  }

  #fail(error: Error): void {
    this.#stopTimers();
    this.#state = 'terminated';
    this.#unregister();
    this.#settle?.reject(error);
  }

  #stopTimers(): void {
    if (this.#timerA) clearTimeout(this.#timerA);
    if (this.#timerB) clearTimeout(this.#timerB);
    this.#timerA = undefined;
    this.#timerB = undefined;
  }
}

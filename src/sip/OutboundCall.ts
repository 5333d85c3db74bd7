// About 300 lines: the call's transitions (starting -> inviting -> answered -> ending -> done) in
// one place; the requests are SipDialog's, the challenges DigestResponder's, the DTMF RtpSender's.
import type { Observer, Subscription } from 'rxjs';
import { fromRtp } from '../../sources/fromRtp.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { SipError } from '../errors/SipError.ts';
import { type DigestAnswer, DigestResponder } from './DigestResponder.ts';
import { InviteClientTransaction } from './InviteClientTransaction.ts';
import { localAddressFor } from './localAddressFor.ts';
import { sendNonInviteRequest } from './NonInviteClientTransaction.ts';
import { RtpSender } from './RtpSender.ts';
import type { SipCallEvent } from './SipCallEvent.ts';
import type { SipCallOptions } from './SipCallOptions.ts';
import { SipDialog } from './SipDialog.ts';
import type { SipMessage, SipRequest, SipResponse } from './SipMessage.ts';
import type { SipTimers } from './SipTimers.ts';
import { type SipAddress, SipTransport } from './SipTransport.ts';
import type { SipUri } from './SipUri.ts';
import { createSdpOffer, parseSdpAnswer, type SdpAnswer } from './sdp.ts';

/** `sipCall`'s options with the URIs parsed and the timers filled in. */
export interface OutboundCallOptions extends Omit<SipCallOptions, 'proxy' | 'timers' | 'hangUp'> {
  targetUri: SipUri;
  proxyUri?: SipUri;
  timers: SipTimers;
}

type CallState = 'starting' | 'inviting' | 'answered' | 'ending' | 'done';

const DEFAULT_RING_TIMEOUT_MS = 60_000;
const DEFAULT_HANG_UP_TIMEOUT_MS = 4000;

/**
 * One outgoing call, from binding its sockets to closing them: starting -> inviting -> answered ->
 * ending -> done. It reports to `observer` in the order of {@link SipCallEvent} and ends it exactly
 * once (complete after `ended`, or error after `rejected`), always after both sockets are closed.
 * The requests come from its {@link SipDialog}, DTMF goes out through its {@link RtpSender}.
 */
export class OutboundCall {
  readonly #options: OutboundCallOptions;
  readonly #observer: Observer<SipCallEvent>;
  readonly #digest: DigestResponder;
  #state: CallState = 'starting';
  #hangUpRequested = false;
  #transport: SipTransport | undefined;
  #dialog: SipDialog | undefined;
  #invite: InviteClientTransaction | undefined;
  #answer: SdpAnswer | undefined;
  #rtp: RtpSender | undefined;
  #ringTimer: NodeJS.Timeout | undefined;
  #dtmfChain = Promise.resolve();
  readonly #subscriptions: Subscription[] = [];

  constructor(options: OutboundCallOptions, observer: Observer<SipCallEvent>) {
    this.#options = options;
    this.#observer = observer;
    this.#digest = new DigestResponder(options.credentials, options.target);
  }

  /** Binds the sockets and sends the INVITE; what follows is reported to the observer. */
  start(): void {
    this.#run().catch((error: unknown) => this.#fail(error));
  }

  /** Ends the call: BYE once answered, CANCEL while ringing, nothing to send before a response. */
  hangUp(): void {
    if (this.#state === 'done' || this.#hangUpRequested) return;
    this.#hangUpRequested = true;
    if (this.#state === 'answered') void this.#hangUpAnswered();
    // A CANCEL may only follow a provisional response (RFC 3261 9.1); until then, just stop.
    else if (this.#state === 'inviting' && this.#invite?.state === 'proceeding')
      void this.#cancel(this.#invite.request);
    else if (this.#state === 'starting' || this.#state === 'inviting')
      this.#end('local', 'hung up before the far end answered');
  }

  /** The caller left: a best-effort BYE, then the sockets close at once; nothing more is reported. */
  abandon(): void {
    if (this.#state === 'done') return;
    if (this.#state === 'answered') void this.#bye();
    this.#state = 'done';
    // The BYE above is queued on the socket before it closes.
    setImmediate(() => void this.#release());
  }

  /** Read through a method: callbacks change the state behind TypeScript's narrowing. */
  #isDone(): boolean {
    return this.#state === 'done';
  }

  async #run(): Promise<void> {
    const options = this.#options;
    const firstHop = options.proxyUri ?? options.targetUri;
    const localHost = options.localHost ?? (await localAddressFor(firstHop.host));
    const transport = await SipTransport.open(localHost);
    this.#transport = transport;
    if (this.#isDone()) return void (await transport.close());
    const rtpPort = await this.#receiveAudio(localHost);
    if (this.#isDone()) return;
    const local = transport.local;
    const dialog = new SipDialog({
      target: options.targetUri,
      ...(options.proxyUri === undefined ? {} : { proxy: options.proxyUri }),
      local,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.credentials === undefined ? {} : { username: options.credentials.username }),
      displayName: options.displayName ?? 'Parley',
    });
    this.#dialog = dialog;
    this.#rtp = new RtpSender(local.host);
    this.#observer.next({ type: 'calling', callId: dialog.callId, local, rtpPort });
    transport.onUnmatched((message) => this.#onUnmatched(message));
    const offer = createSdpOffer({
      address: local.host,
      port: rtpPort,
      ...(options.codecs ? { codecs: options.codecs } : {}),
    });
    this.#state = 'inviting';
    this.#sendInvite(dialog.invite(offer));
    this.#startRingTimer();
    await this.#awaitFinalResponse(offer);
  }

  /** Opens the RTP receiver; resolves its port. Its audio becomes `audio` events. */
  #receiveAudio(localHost: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const { jitterPackets } = this.#options;
      const audio = fromRtp({
        port: 0,
        host: localHost,
        ...(jitterPackets === undefined ? {} : { jitterPackets }),
        onListening: (address) => resolve(address.port),
      }).subscribe({
        next: (chunk) => this.#observer.next({ type: 'audio', chunk }),
        error: (error: unknown) => {
          reject(error);
          this.#fail(error);
        },
      });
      this.#subscriptions.push(audio);
    });
  }

  #sendInvite(request: SipRequest): void {
    const transport = this.#transport as SipTransport;
    const destination = (this.#dialog as SipDialog).firstHop;
    this.#invite = new InviteClientTransaction(
      transport,
      request,
      destination,
      this.#options.timers,
      (response) => {
        this.#observer.next({ type: 'provisional', status: response.status, reason: response.reason });
        if (this.#hangUpRequested) void this.#cancel(request);
      },
    );
  }

  #startRingTimer(): void {
    const limit = this.#options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
    this.#ringTimer = setTimeout(() => {
      const invite = this.#invite;
      if (this.#state !== 'inviting' || invite === undefined) return;
      const error = new SipError(`${this.#options.target} did not answer within ${limit} ms`, 408);
      if (invite.state === 'proceeding') void this.#cancel(invite.request).then(() => this.#fail(error));
      else this.#fail(error);
    }, limit);
  }

  /** Waits for the INVITE's final response, answering challenges with a new INVITE. */
  async #awaitFinalResponse(offer: string): Promise<void> {
    const dialog = this.#dialog as SipDialog;
    for (;;) {
      const response = await (this.#invite as InviteClientTransaction).final;
      if (this.#isDone()) return;
      if (isChallenge(response)) {
        // An unreadable challenge fails the call; a refused or unanswerable one rejects it.
        const challenge = DigestResponder.challengeOf(response);
        let answer: DigestAnswer;
        try {
          answer = this.#digest.answer(challenge, response.status, 'INVITE', dialog.requestUri);
        } catch (error) {
          return this.#fail(error, response);
        }
        this.#observer.next({ type: 'challenged', status: answer.status, realm: answer.realm });
        this.#invite?.dispose();
        this.#sendInvite(dialog.invite(offer, answer.header));
        continue;
      }
      if (response.status >= 300) {
        if (this.#hangUpRequested && response.status === 487)
          return this.#end('local', 'cancelled before answer');
        const rejected = `${this.#options.target} rejected the call: ${response.status} ${response.reason}`;
        return this.#fail(new SipError(rejected.trim(), response.status), response);
      }
      return this.#answered(response);
    }
  }

  /** A 2xx: ACK it, read the SDP answer, report `answered`, start DTMF. */
  async #answered(response: SipResponse): Promise<void> {
    const dialog = this.#dialog as SipDialog;
    this.#transport?.send(dialog.establish(response), dialog.nextHop());
    try {
      this.#answer = parseSdpAnswer(response.body);
    } catch (error) {
      await this.#bye();
      return this.#fail(error);
    }
    this.#state = 'answered';
    if (this.#ringTimer) clearTimeout(this.#ringTimer);
    this.#observer.next({
      type: 'answered',
      codec: this.#answer.codec,
      remoteMedia: { host: this.#answer.address, port: this.#answer.port },
    });
    if (this.#hangUpRequested) return void (await this.#hangUpAnswered());
    const { dtmf, dtmf$ } = this.#options;
    if (dtmf) this.#queueDtmf(dtmf);
    if (dtmf$) this.#subscriptions.push(dtmf$.subscribe((keys) => this.#queueDtmf(keys)));
  }

  /** Requests from the far end, and responses no transaction claimed. */
  #onUnmatched(message: SipMessage): void {
    const { send, farEndHungUp } = (this.#dialog as SipDialog).reply(message);
    if (send) this.#transport?.send(send.message, send.to);
    if (farEndHungUp) this.#end('remote', 'the far end hung up');
  }

  async #cancel(invite: SipRequest): Promise<void> {
    if (this.#state !== 'inviting') return;
    this.#state = 'ending';
    const dialog = this.#dialog as SipDialog;
    await this.#transact(dialog.cancel(invite), dialog.firstHop);
  }

  /** Sends the BYE and waits for its answer, at most `hangUpTimeoutMs`. */
  async #bye(): Promise<void> {
    const dialog = this.#dialog;
    const request = dialog?.bye();
    if (dialog === undefined || request === undefined) return;
    const limit = this.#options.hangUpTimeoutMs ?? DEFAULT_HANG_UP_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise((resolve) => {
      timer = setTimeout(resolve, limit);
    });
    await Promise.race([this.#transact(request, dialog.nextHop()), givenUp]);
    clearTimeout(timer);
  }

  /** A BYE or CANCEL transaction; its failure (no answer) is not the call's. */
  #transact(request: SipRequest, to: SipAddress): Promise<unknown> {
    const transport = this.#transport as SipTransport;
    return sendNonInviteRequest(transport, request, to, this.#options.timers).catch(() => undefined);
  }

  async #hangUpAnswered(): Promise<void> {
    if (this.#state !== 'answered') return;
    this.#state = 'ending';
    await this.#bye();
    this.#end('local', 'hung up');
  }

  #queueDtmf(keys: string): void {
    this.#dtmfChain = this.#dtmfChain.then(() => this.#playDtmf(keys)).catch((error) => this.#fail(error));
  }

  async #playDtmf(keys: string): Promise<void> {
    const answer = this.#answer;
    if (this.#state !== 'answered' || answer === undefined || this.#rtp === undefined) return;
    const payloadType = answer.telephoneEventPayloadType;
    if (payloadType === undefined)
      throw new SipError('The far end did not accept telephone-event: DTMF cannot be sent', 488);
    const to = { host: answer.address, port: answer.port };
    const played = await this.#rtp.playDtmf(keys, payloadType, to, () => this.#state === 'answered');
    if (played) this.#observer.next({ type: 'dtmf_sent', keys });
  }

  #end(by: 'local' | 'remote', reason: string): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    void this.#release().then(() => {
      this.#observer.next({ type: 'ended', by, reason });
      this.#observer.complete();
    });
  }

  #fail(error: unknown, rejected?: SipResponse): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    void this.#release().then(() => {
      if (rejected)
        this.#observer.next({ type: 'rejected', status: rejected.status, reason: rejected.reason });
      this.#observer.error(
        error instanceof ParleyError ? error : new SipError(String(error), undefined, { cause: error }),
      );
    });
  }

  /** Stops the timers and the transaction, closes the RTP sockets, then the SIP socket. */
  async #release(): Promise<void> {
    if (this.#ringTimer) clearTimeout(this.#ringTimer);
    this.#invite?.dispose();
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    await this.#rtp?.close();
    await this.#transport?.close();
  }
}

function isChallenge(response: SipResponse): response is SipResponse & { status: 401 | 407 } {
  return response.status === 401 || response.status === 407;
}

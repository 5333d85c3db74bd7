import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import type { WebSocket } from 'ws';
import { toInt16 } from '../../../sources/AudioChunk.ts';
import { TimeZone } from '../../engine/time/TimeZone.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import { SipError } from '../../errors/SipError.ts';
import type { SpeakerTimelineEvent } from '../../model/speakerEvents.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import {
  conversationCompleted,
  recognitionStopped,
  streamingError,
} from '../../model/streamingSystemMessages.ts';
import type { SpeakerEvent, TelephonyStartRequest, TelephonyStopResponse } from '../../model/telephony.ts';
import { telephonyLanguage, telephonyTimeZone } from '../../model/telephony.ts';
import type { SipCallEvent } from '../../sip/SipCallEvent.ts';
import type { SipCallOptions } from '../../sip/SipCallOptions.ts';
import { sipCall } from '../../sip/sipCall.ts';
import type { Logger } from '../Logger.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { LiveConversationRegistry } from '../streaming/LiveConversationRegistry.ts';
import { SpeakerStream } from '../streaming/SpeakerStream.ts';
import { type FrameEncoding, SubscriberSet } from '../streaming/SubscriberSet.ts';
import { speakerTimelineEvent } from './speakerTimeline.ts';
import { recordStartActions, runStopActions, summaryUrl } from './stopActions.ts';
import { TelephonyEventLog } from './TelephonyEventLog.ts';
import { telephonyFrame } from './telephonyFrame.ts';

/** How subscribers of a connection read it: the telephony socket's frames or the streaming ones. */
export type SubscriberKind = 'telephony' | 'streaming';

/** What a connection needs from the server. */
export interface TelephonyDependencies {
  live: LiveConversationRegistry;
  logger: Logger;
  /** Where summary pages live (`<origin>/meeting/#/...`). */
  origin: string;
  /**
   * Applies a speaker timeline to the stored conversation (the Conversation API's PUT …/speakers
   * job); called at the end of a call that received speaker events.
   */
  reattribute?: (
    appId: string,
    conversationId: string,
    speakerEvents: SpeakerTimelineEvent[],
  ) => Promise<void>;
}

/** Audio of every call: G.711 decoded to 16-bit PCM at 8 kHz (the speaker stream upsamples it). */
const CALL_AUDIO = { encoding: 'LINEAR16', sampleRateHertz: 8000 } as const;
/** Audio kept while the recogniser starts after the answer (bounded: 20 s at 8 kHz). */
const MAX_EARLY_SAMPLES = 20 * 8000;

const ENCODINGS: Readonly<Record<SubscriberKind, FrameEncoding>> = {
  streaming: (frame) => JSON.stringify(frame),
  telephony: telephonyFrame,
};

/**
 * One telephony connection and what it holds: a SIP call placed by Parley's user agent, the
 * speaker stream its far end's audio feeds (a live conversation of type `call`), the subscribers
 * that read it, its event log and, once over, its stop response. Built by {@link start}, which
 * resolves once the far end answered (or rejects with SipError when it did not); ended by
 * {@link stop} or by the far end hanging up.
 */
export class TelephonyConnection {
  readonly connectionId = randomUUID();
  readonly conversationId = randomNumericId();
  readonly appId: string;
  readonly #log: TelephonyEventLog;
  readonly #subscribers = new SubscriberSet();
  readonly #request: TelephonyStartRequest;
  readonly #deps: TelephonyDependencies;
  readonly #hangUp = new Subject<void>();
  /** Who speaks on the line: the number or URI called. */
  readonly #lineSpeaker: string;
  readonly #speakerEvents: SpeakerTimelineEvent[] = [];
  readonly #callEnded: Promise<void>;
  #markCallEnded: () => void = () => {};
  #answered = false;
  #speaker: SpeakerStream | undefined;
  #speakerOpening: Promise<SpeakerStream | undefined> | undefined;
  #early: Int16Array[] = [];
  #earlySamples = 0;
  #finished: Promise<void> | undefined;
  #stopResponse: TelephonyStopResponse | undefined;

  private constructor(appId: string, request: TelephonyStartRequest, deps: TelephonyDependencies) {
    this.appId = appId;
    this.#request = request;
    this.#deps = deps;
    this.#log = new TelephonyEventLog(deps.logger, this.connectionId);
    const endpoint = request.endpoint;
    this.#lineSpeaker = endpoint.type === 'pstn' ? endpoint.phoneNumber : endpoint.uri;
    this.#callEnded = new Promise((resolve) => {
      this.#markCallEnded = resolve;
    });
  }

  /**
   * Places the call (`call`: the request's endpoint as SIP options) and resolves once it is
   * answered; the speaker stream opens then, and `invokeOn: "start"` actions are recorded. Rejects
   * with SipError (status of the far end's final answer, 408 when none came) when the call is not
   * connected; everything it opened is closed by then.
   */
  static async start(
    appId: string,
    request: TelephonyStartRequest,
    call: SipCallOptions,
    deps: TelephonyDependencies,
  ): Promise<TelephonyConnection> {
    const connection = new TelephonyConnection(appId, request, deps);
    await connection.#place(call);
    recordStartActions(request.actions ?? [], connection.#log);
    return connection;
  }

  /** True once the call has ended and its conversation is final. */
  get ended(): boolean {
    return this.#finished !== undefined;
  }

  /** `eventUrl` and `resultWebSocketUrl` of this connection, on the server's own origin. */
  get urls(): { eventUrl: string; resultWebSocketUrl: string } {
    const origin = this.#deps.origin;
    return {
      eventUrl: `${origin}/v1/event/${this.connectionId}`,
      resultWebSocketUrl: `${origin.replace(/^http/, 'ws')}/events/${this.connectionId}`,
    };
  }

  /** Waits for the end of the call (by stop or by the far end) and its conversation. */
  whenFinished(): Promise<void> {
    return this.#callEnded.then(() => this.#finished);
  }

  /** A subscriber reading this call live, in the telephony socket's frames or the streaming ones. */
  subscribe(ws: WebSocket, kind: SubscriberKind): void {
    this.#subscribers.add(ws, ENCODINGS[kind], { closeOnStopRequest: true });
  }

  /**
   * Records a speaker event pushed on `eventUrl` or `resultWebSocketUrl`. `started_speaking` and
   * `stopped_speaking` form the call's speaker timeline: when the call ends, messages are
   * attributed to whoever was speaking (live frames keep the line's own speaker).
   */
  recordSpeakerEvent(event: SpeakerEvent): void {
    this.#log.record('speaker_event', `${event.user.name ?? event.user.userId} ${event.type}`);
    const entry = speakerTimelineEvent(event, this.#speaker?.conversation.startMs);
    if (entry !== undefined) this.#speakerEvents.push(entry);
  }

  /**
   * Hangs up (BYE) if the call is still up, finishes the speaker stream (every pending final),
   * runs the `invokeOn: "stop"` actions and closes subscribers with 1000. Idempotent: the same
   * stop response every time.
   */
  async stop(): Promise<TelephonyStopResponse> {
    this.#hangUp.next();
    await this.#callEnded;
    await this.#finished;
    return this.#stopResponse as TelephonyStopResponse;
  }

  #place(options: SipCallOptions): Promise<void> {
    return new Promise<void>((connected, notConnected) => {
      sipCall({ ...options, hangUp: this.#hangUp }).subscribe({
        next: (event) => this.#onCallEvent(event, options.target, connected),
        error: (error: unknown) => this.#callOver(notConnected, options.target, error),
        complete: () => this.#callOver(notConnected, options.target),
      });
    });
  }

  #onCallEvent(event: SipCallEvent, target: string, connected: () => void): void {
    if (event.type === 'audio') {
      this.#pushAudio(toInt16(event.chunk));
      return;
    }
    this.#log.recordCallEvent(event, target);
    if (event.type !== 'answered') return;
    this.#answered = true;
    this.#speakerOpening = this.#openSpeaker();
    connected();
  }

  /** The call ended, with `error` or without; before an answer, the start fails with a SipError. */
  #callOver(notConnected: (error: ParleyError) => void, target: string, error?: unknown): void {
    let failure: ParleyError | undefined;
    if (error !== undefined) {
      failure = error instanceof ParleyError ? error : new SipError(String(error));
      // A rejection is already in the log with its status.
      if (!(failure instanceof SipError) || this.#log.last?.type !== 'rejected')
        this.#log.record(
          'call_failed',
          failure.message,
          failure instanceof SipError ? failure.sipStatus : undefined,
        );
    }
    this.#markCallEnded();
    if (this.#answered) {
      this.#finish();
      return;
    }
    this.#finished = Promise.resolve();
    notConnected(
      failure ?? new SipError(`${target} was not connected: the call was hung up before the answer`),
    );
  }

  async #openSpeaker(): Promise<SpeakerStream | undefined> {
    // A zone this runtime does not know is passed over for the server's default: the call is
    // already up, and the client only forwarded what its platform told it.
    const zoneName = telephonyTimeZone(this.#request);
    const timeZone = zoneName === undefined ? undefined : TimeZone.find(zoneName)?.name;
    try {
      const speaker = await SpeakerStream.open(
        {
          conversationId: this.conversationId,
          appId: this.appId,
          name: this.#request.data?.session?.name ?? `Call with ${this.#lineSpeaker}`,
          conversationType: 'call',
          audio: CALL_AUDIO,
          languageCode: telephonyLanguage(this.#request),
          ...(timeZone === undefined ? {} : { timeZone }),
          insightTypes: ['action_item', 'question', 'follow_up'],
          speaker: { name: this.#lineSpeaker, userId: this.#lineSpeaker },
        },
        this.#deps.live,
      );
      this.#speaker = speaker;
      speaker.events$.subscribe({
        next: (frame) => this.#subscribers.send(frame),
        error: (error: unknown) => this.#transcriptionFailed(error),
      });
      speaker.expired$.subscribe((reason) => {
        this.#log.record('session_limit', `hung up: ${reason}`);
        this.#hangUp.next();
      });
      for (const pcm of this.#early) speaker.pushAudio(pcm);
      this.#early = [];
      this.#earlySamples = 0;
      return speaker;
    } catch (error) {
      this.#deps.logger.log('error', 'telephony.session_failed', { connectionId: this.connectionId, error });
      this.#log.record('call_failed', `live transcription could not start: ${messageOf(error)}`);
      this.#hangUp.next();
      return undefined;
    }
  }

  /** The speaker stream failed mid-call: subscribers are told, and the call is hung up. */
  #transcriptionFailed(error: unknown): void {
    this.#deps.logger.log('error', 'telephony.session_failed', { connectionId: this.connectionId, error });
    this.#subscribers.send(streamingError('Live transcription failed', messageOf(error)));
    this.#hangUp.next();
  }

  /** Audio before the speaker stream is open waits (bounded); later audio goes straight in. */
  #pushAudio(pcm: Int16Array): void {
    if (this.#speaker) {
      this.#speaker.pushAudio(pcm);
      return;
    }
    if (this.#earlySamples + pcm.length > MAX_EARLY_SAMPLES) return;
    this.#early.push(pcm.slice());
    this.#earlySamples += pcm.length;
  }

  /** The call is over: finish the speaker stream, apply the speaker timeline, run stop actions, close subscribers. Once. */
  #finish(): void {
    this.#finished ??= (async () => {
      const speaker = await this.#speakerOpening;
      await speaker?.stop();
      if (speaker !== undefined && this.#speakerEvents.length > 0) await this.#applySpeakerTimeline();
      this.#subscribers.send(recognitionStopped());
      this.#subscribers.send(conversationCompleted(this.conversationId) as ServerMessage);
      const summaryInfo = runStopActions(
        this.#request.actions ?? [],
        summaryUrl(this.#deps.origin, this.conversationId),
        this.#log,
      );
      this.#subscribers.closeAll(1000, 'call ended');
      this.#stopResponse = {
        connectionId: this.connectionId,
        conversationId: this.conversationId,
        ...this.urls,
        ...(summaryInfo.length === 0 ? {} : { summaryInfo }),
        events: this.#log.events,
      };
    })();
  }

  async #applySpeakerTimeline(): Promise<void> {
    const count = this.#speakerEvents.length;
    await this.#deps
      .reattribute?.(this.appId, this.conversationId, this.#speakerEvents)
      .then(() => this.#log.record('speakers_attributed', `${count} speaker events applied`))
      .catch((error: unknown) =>
        this.#log.record('call_failed', `speaker events not applied: ${messageOf(error)}`),
      );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

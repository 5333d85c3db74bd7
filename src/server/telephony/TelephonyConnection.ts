import { randomUUID } from 'node:crypto';
import { Subject, type Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { toInt16 } from '../../../sources/AudioChunk.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import { SipError } from '../../errors/SipError.ts';
import type { SpeakerTimelineEvent } from '../../model/speakerEvents.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import {
  conversationCompleted,
  recognitionStopped,
  streamingError,
} from '../../model/streamingSystemMessages.ts';
import type {
  SpeakerEvent,
  TelephonyAction,
  TelephonyStartRequest,
  TelephonyStopResponse,
  TelephonySummaryInfo,
  TranscriptResponse,
} from '../../model/telephony.ts';
import { telephonyLanguage } from '../../model/telephony.ts';
import type { SipCallOptions } from '../../sip/sipCall.ts';
import { sipCall } from '../../sip/sipCall.ts';
import { numericId } from '../ids.ts';
import type { Logger } from '../Logger.ts';
import type { LiveConversationRegistry } from '../streaming/LiveConversationRegistry.ts';
import { LiveSession } from '../streaming/LiveSession.ts';
import { pstnTargetUri, type SipTrunk } from './SipTrunk.ts';

/** Something that happened on a telephony connection, kept for the stop response and logs. */
export interface TelephonyConnectionEvent {
  type:
    | 'calling'
    | 'ringing'
    | 'challenged'
    | 'answered'
    | 'dtmf_sent'
    | 'rejected'
    | 'hung_up'
    | 'far_end_hung_up'
    | 'call_failed'
    | 'speaker_event'
    | 'speakers_attributed'
    | 'action_run'
    | 'action_skipped';
  at: string;
  detail: string;
  sipStatus?: number;
}

/** How subscribers of a connection read it: the telephony socket's frames or the streaming ones. */
export type SubscriberKind = 'telephony' | 'streaming';

/** What a connection needs from the server. */
export interface TelephonyDependencies {
  live: LiveConversationRegistry;
  logger: Logger;
  /** Trunk for PSTN numbers; undefined: PSTN starts are refused. */
  trunk?: SipTrunk;
  /** SIP defaults for every call (local address, timers), mostly for tests. */
  sip?: Partial<Pick<SipCallOptions, 'localHost' | 'timers' | 'ringTimeoutMs' | 'hangUpTimeoutMs'>>;
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

/** Audio of every call: G.711 decoded to 16-bit PCM at 8 kHz (the live session upsamples it). */
const CALL_AUDIO = { encoding: 'LINEAR16', sampleRateHertz: 8000 } as const;
/** Audio kept while the recogniser starts after the answer (bounded: 20 s at 8 kHz). */
const MAX_EARLY_SAMPLES = 20 * 8000;

/**
 * One telephony connection (telephony-api.md): a SIP call placed by Parley's user agent (to a SIP
 * URI, or to a phone number through the trunk), its audio fed into a live session of the
 * streaming pipeline, and the subscribers that read its results. Built by {@link start}, which
 * resolves once the far end answered (or rejects with SipError when it did not); ended by
 * {@link stop} or by the far end hanging up.
 */
export class TelephonyConnection {
  readonly connectionId = randomUUID();
  readonly conversationId = numericId();
  readonly appId: string;
  readonly events: TelephonyConnectionEvent[] = [];
  readonly subscribers = new Map<WebSocket, SubscriberKind>();
  readonly #request: TelephonyStartRequest;
  readonly #deps: TelephonyDependencies;
  readonly #hangUp = new Subject<void>();
  #call: Subscription | undefined;
  #session: LiveSession | undefined;
  #sessionOpening: Promise<LiveSession | undefined> | undefined;
  #sessionSub: Subscription | undefined;
  #early: Int16Array[] = [];
  #earlySamples = 0;
  #callEnded!: Promise<void>;
  #finished: Promise<void> | undefined;
  #stopResponse: TelephonyStopResponse | undefined;
  #speaker: string;
  readonly #speakerEvents: SpeakerTimelineEvent[] = [];

  private constructor(appId: string, request: TelephonyStartRequest, deps: TelephonyDependencies) {
    this.appId = appId;
    this.#request = request;
    this.#deps = deps;
    const endpoint = request.endpoint;
    this.#speaker = endpoint.type === 'pstn' ? endpoint.phoneNumber : endpoint.uri;
  }

  /**
   * Places the call and resolves once it is answered; the live session opens then. Rejects with
   * SipError (status of the far end's final answer, 408 when none came) when the call is not
   * connected; everything it opened is closed by then.
   */
  static async start(
    appId: string,
    request: TelephonyStartRequest,
    deps: TelephonyDependencies,
  ): Promise<TelephonyConnection> {
    const connection = new TelephonyConnection(appId, request, deps);
    await connection.#place();
    return connection;
  }

  /** True once the call has ended and its conversation is final. */
  get ended(): boolean {
    return this.#finished !== undefined;
  }

  /** Waits for the end of the call (by stop or by the far end) and its conversation. */
  whenFinished(): Promise<void> {
    return this.#callEnded.then(() => this.#finished);
  }

  /**
   * Records a speaker event pushed on `eventUrl` or `resultWebSocketUrl`. `started_speaking` and
   * `stopped_speaking` form the call's speaker timeline: when the call ends, messages are
   * attributed to whoever was speaking (live frames keep the line's own speaker).
   */
  recordSpeakerEvent(event: SpeakerEvent): void {
    const who = event.user.name ?? event.user.userId;
    this.#record('speaker_event', `${who} ${event.type}`);
    if (event.type !== 'started_speaking' && event.type !== 'stopped_speaking') return;
    const at = event.timestamp === undefined ? Date.now() : Date.parse(event.timestamp);
    const startMs = this.#session?.conversation.startMs ?? at;
    const offset = Math.max(0, (at - startMs) / 1000);
    const seconds = Math.floor(offset);
    this.#speakerEvents.push({
      type: event.type,
      user: {
        id: event.user.userId,
        ...(event.user.name === undefined ? {} : { name: event.user.name }),
        ...(event.user.userId.includes('@') ? { email: event.user.userId } : {}),
      },
      offset: { seconds, nanos: Math.round((offset - seconds) * 1e9) },
    });
  }

  /**
   * Hangs up (BYE) if the call is still up, finishes the live session (every pending final),
   * runs the `invokeOn: "stop"` actions and closes subscribers with 1000. Idempotent: the same
   * stop response every time.
   */
  async stop(): Promise<TelephonyStopResponse> {
    this.#hangUp.next();
    await this.#callEnded;
    await this.#finished;
    return this.#stopResponse as TelephonyStopResponse;
  }

  #place(): Promise<void> {
    const endpoint = this.#request.endpoint;
    const trunk = this.#deps.trunk;
    const options: SipCallOptions =
      endpoint.type === 'sip'
        ? { target: endpoint.uri, ...this.#deps.sip }
        : {
            target: pstnTargetUri(endpoint.phoneNumber, trunk as SipTrunk),
            proxy: (trunk as SipTrunk).proxy,
            ...((trunk as SipTrunk).credentials ? { credentials: (trunk as SipTrunk).credentials } : {}),
            ...(endpoint.dtmf ? { dtmf: endpoint.dtmf } : {}),
            ...this.#deps.sip,
          };
    let answered: () => void = () => {};
    let notConnected: (error: Error) => void = () => {};
    const connected = new Promise<void>((resolve, reject) => {
      answered = resolve;
      notConnected = reject;
    });
    let callDone: () => void = () => {};
    this.#callEnded = new Promise<void>((resolve) => {
      callDone = resolve;
    });
    let isAnswered = false;
    this.#call = sipCall({ ...options, hangUp: this.#hangUp }).subscribe({
      next: (event) => {
        switch (event.type) {
          case 'calling':
            this.#record('calling', `${options.target} (call ${event.callId})`);
            return;
          case 'provisional':
            if (event.status === 180 || event.status === 183)
              this.#record('ringing', `${event.status} ${event.reason}`);
            return;
          case 'challenged':
            this.#record('challenged', `digest authentication for realm ${event.realm}`, event.status);
            return;
          case 'answered':
            isAnswered = true;
            this.#record(
              'answered',
              `${event.codec} audio from ${event.remoteMedia.host}:${event.remoteMedia.port}`,
            );
            this.#sessionOpening = this.#openSession();
            answered();
            return;
          case 'audio':
            this.#pushAudio(toInt16(event.chunk));
            return;
          case 'dtmf_sent':
            this.#record('dtmf_sent', event.keys);
            return;
          case 'rejected':
            this.#record('rejected', `${event.status} ${event.reason}`, event.status);
            return;
          case 'ended':
            this.#record(event.by === 'remote' ? 'far_end_hung_up' : 'hung_up', event.reason);
            return;
        }
      },
      error: (error: unknown) => {
        const sipError = error instanceof ParleyError ? error : new SipError(String(error));
        if (!(sipError instanceof SipError) || this.events.at(-1)?.type !== 'rejected')
          this.#record(
            'call_failed',
            sipError.message,
            sipError instanceof SipError ? sipError.sipStatus : undefined,
          );
        callDone();
        if (isAnswered) this.#finish();
        else {
          this.#finished = Promise.resolve();
          notConnected(sipError);
        }
      },
      complete: () => {
        callDone();
        if (isAnswered) this.#finish();
        else {
          this.#finished = Promise.resolve();
          notConnected(
            new SipError(`${options.target} was not connected: the call was hung up before the answer`),
          );
        }
      },
    });
    return connected;
  }

  async #openSession(): Promise<LiveSession | undefined> {
    const name = this.#request.data?.session?.name ?? `Call with ${this.#speaker}`;
    try {
      const session = await LiveSession.open(
        {
          conversationId: this.conversationId,
          appId: this.appId,
          name,
          conversationType: 'call',
          audio: CALL_AUDIO,
          languageCode: telephonyLanguage(this.#request),
          insightTypes: ['action_item', 'question', 'follow_up'],
          speaker: { name: this.#speaker, userId: this.#speaker },
        },
        this.#deps.live,
      );
      this.#session = session;
      this.#sessionSub = session.events$.subscribe({
        next: (frame) => this.#broadcast(frame),
        error: (error: unknown) => {
          this.#deps.logger.log('error', 'telephony.session_failed', {
            connectionId: this.connectionId,
            error,
          });
          this.#broadcast(
            streamingError(
              'Live transcription failed',
              error instanceof Error ? error.message : String(error),
            ),
          );
          this.#hangUp.next();
        },
      });
      for (const pcm of this.#early) session.pushAudio(pcm);
      this.#early = [];
      this.#earlySamples = 0;
      return session;
    } catch (error) {
      this.#deps.logger.log('error', 'telephony.session_failed', { connectionId: this.connectionId, error });
      this.#record(
        'call_failed',
        `live transcription could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.#hangUp.next();
      return undefined;
    }
  }

  #pushAudio(pcm: Int16Array): void {
    if (this.#session) {
      this.#session.pushAudio(pcm);
      return;
    }
    if (this.#earlySamples + pcm.length > MAX_EARLY_SAMPLES) return;
    this.#early.push(pcm.slice());
    this.#earlySamples += pcm.length;
  }

  /** The call is over: finish the session, run stop actions, close subscribers. Once. */
  #finish(): void {
    this.#finished ??= (async () => {
      const session = await this.#sessionOpening;
      await session?.stop();
      this.#sessionSub?.unsubscribe();
      if (session !== undefined && this.#speakerEvents.length > 0) {
        await this.#deps
          .reattribute?.(this.appId, this.conversationId, this.#speakerEvents)
          .then(() =>
            this.#record('speakers_attributed', `${this.#speakerEvents.length} speaker events applied`),
          )
          .catch((error: unknown) =>
            this.#record(
              'call_failed',
              `speaker events not applied: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
      }
      this.#broadcast(recognitionStopped());
      this.#broadcast(conversationCompleted(this.conversationId));
      const summaryInfo = this.#runStopActions();
      for (const socket of this.subscribers.keys()) socket.close(1000, 'call ended');
      this.subscribers.clear();
      this.#stopResponse = {
        connectionId: this.connectionId,
        conversationId: this.conversationId,
        ...this.urls,
        ...(summaryInfo.length === 0 ? {} : { summaryInfo }),
        events: this.events,
      };
    })();
  }

  /** `eventUrl` and `resultWebSocketUrl` of this connection, on the server's own origin. */
  get urls(): { eventUrl: string; resultWebSocketUrl: string } {
    const origin = this.#deps.origin;
    return {
      eventUrl: `${origin}/v1/event/${this.connectionId}`,
      resultWebSocketUrl: `${origin.replace(/^http/, 'ws')}/events/${this.connectionId}`,
    };
  }

  /**
   * Runs `invokeOn: "stop"` actions. Parley sends no mail itself: `sendSummaryEmail` is recorded
   * as skipped (no SMTP server configured) with the summary page it would have linked.
   */
  #runStopActions(): TelephonySummaryInfo[] {
    const summaryInfo: TelephonySummaryInfo[] = [];
    const url = `${this.#deps.origin}/meeting/#/${Buffer.from(JSON.stringify({ sessionId: this.conversationId })).toString('base64')}`;
    for (const action of this.#request.actions ?? []) {
      if (action.invokeOn !== 'stop') continue;
      if (action.name === 'sendSummaryEmail') {
        const emails = action.parameters?.emails ?? [];
        for (const email of emails)
          summaryInfo.push({ user: { userId: email, name: email, role: 'organizer' }, url });
        this.#record(
          'action_skipped',
          `sendSummaryEmail to ${emails.join(', ')} not sent: no SMTP server is configured; summary: ${url}`,
        );
      } else {
        this.#record('action_skipped', `${action.name}: Parley does not know this action`);
      }
    }
    return summaryInfo;
  }

  /** Runs `invokeOn: "start"` actions (recorded; none is known to Parley but sendSummaryEmail). */
  recordStartActions(actions: readonly TelephonyAction[]): void {
    for (const action of actions) {
      if (action.invokeOn === 'start')
        this.#record(
          'action_skipped',
          `${action.name} on start: nothing to send before the call has a summary`,
        );
    }
  }

  #broadcast(frame: ServerMessage): void {
    if (this.subscribers.size === 0) return;
    const streaming = JSON.stringify(frame);
    const telephony = telephonyFrame(frame);
    for (const [socket, kind] of this.subscribers) {
      if (socket.readyState !== socket.OPEN) continue;
      if (kind === 'streaming') socket.send(streaming);
      else if (telephony !== undefined) socket.send(telephony);
    }
  }

  #record(type: TelephonyConnectionEvent['type'], detail: string, sipStatus?: number): void {
    const event: TelephonyConnectionEvent = {
      type,
      at: new Date().toISOString(),
      detail,
      ...(sipStatus === undefined ? {} : { sipStatus }),
    };
    this.events.push(event);
    this.#deps.logger.log('info', `telephony.${type}`, {
      connectionId: this.connectionId,
      detail,
      sipStatus,
    });
  }

  /** Releases the SIP call at once (server shutdown after stop failed). */
  dispose(): void {
    this.#call?.unsubscribe();
  }
}

/**
 * A streaming frame as the telephony subscription socket carries it (telephony-api.md 2.1):
 * `recognition_result` becomes `transcript_response`; message, insight and topic frames pass;
 * trackers (not supported by the Telephony API) and other system messages are left out, except
 * `error` and `conversation_completed` so a subscriber learns why and when the call ended.
 */
export function telephonyFrame(frame: ServerMessage): string | undefined {
  switch (frame.type) {
    case 'message_response':
    case 'insight_response':
    case 'topic_response':
      return JSON.stringify(frame);
    case 'message': {
      const body = frame.message;
      if (body.type === 'recognition_result') {
        const transcript: TranscriptResponse = {
          type: 'transcript_response',
          isFinal: body.isFinal,
          payload: {
            content: body.punctuated?.transcript ?? body.payload?.raw?.alternatives?.[0]?.transcript ?? '',
            contentType: 'text/plain',
          },
          ...(body.user === undefined ? {} : { user: body.user }),
        };
        return JSON.stringify(transcript);
      }
      if (body.type === 'error' || body.type === 'conversation_completed') return JSON.stringify(frame);
      return undefined;
    }
    default:
      return undefined;
  }
}

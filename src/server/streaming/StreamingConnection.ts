import { type Observable, Subject, type Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { encodeServerFrame, type ServerMessage } from '../../model/streaming.ts';
import type { StreamingSettings } from '../../model/streamingSettings.ts';
import type { Logger } from '../Logger.ts';
import { randomNumericId } from '../randomNumericId.ts';
import type { ConversationLease, LiveConversation } from './LiveConversation.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { MIN_RESUME_SECONDS, ResumeSlot } from './ResumeSlot.ts';
import { SpeakerStream } from './SpeakerStream.ts';
import type { SpeakerSettings } from './SpeakerStreamOptions.ts';
import type { FrameEncoding } from './SubscriberSet.ts';
import { SubscriberSet } from './SubscriberSet.ts';

/**
 * What every socket of one `connectionId` shares: the conversation they feed (sockets naming the
 * same connection id join one conversation; a new one starts after it completed), its read-only
 * subscribers (`/v1/subscribe/{connectionId}`: every frame of every speaker), the speaker streams
 * kept under a resume key, and the `noConnectionTimeout` grace after the last socket dropped.
 *
 * Sockets call it; it never calls a socket. It reports that nothing refers to it any more on
 * {@link idle$}, and its owner forgets it then.
 */
export class StreamingConnection {
  readonly appId: string;
  readonly connectionId: string;
  readonly #subscribers = new SubscriberSet();
  readonly #registry: LiveConversationRegistry;
  readonly #logger: Logger;
  readonly #slots = new Map<string, ResumeSlot>();
  readonly #idle = new Subject<void>();
  #idleReported = false;
  #openSockets = 0;
  #conversationId: string | undefined;
  #conversation: LiveConversation | undefined;
  #resultsSub: Subscription | undefined;
  #grace: { lease: ConversationLease; timer: NodeJS.Timeout } | undefined;

  constructor(appId: string, connectionId: string, registry: LiveConversationRegistry) {
    this.appId = appId;
    this.connectionId = connectionId;
    this.#registry = registry;
    this.#logger = registry.logger;
    this.#subscribers.left$.subscribe(() => this.#checkIdle());
  }

  /**
   * Emits (synchronously, once) when no socket, subscriber, kept stream or open conversation
   * refers to the connection any more.
   */
  get idle$(): Observable<void> {
    return this.#idle.asObservable();
  }

  /** A read-only subscriber: every frame of every speaker from now on, until the conversation completes. */
  subscribe(ws: WebSocket): void {
    this.#subscribers.add(ws, this.#encode);
  }

  /** A streaming socket opened on this connection. */
  socketOpened(): void {
    this.#openSockets += 1;
  }

  /**
   * A streaming socket closed. `ending` is the speaker stream it drove when that stream ends with
   * it (not kept for a resume): it is stopped, and when this was the last socket the conversation
   * is kept open `graceSeconds` (`noConnectionTimeout`) so a speaker can reconnect to it. When no
   * socket and no subscriber is left to read its results, the audio it still holds is recognised
   * until `finishBy` (ms since epoch) at the latest, and the rest dropped.
   */
  socketClosed(ending?: { speaker: SpeakerStream; graceSeconds: number; finishBy: number }): void {
    this.#openSockets -= 1;
    if (ending === undefined) {
      this.#checkIdle();
      return;
    }
    if (this.#openSockets === 0) this.#keepOpen(ending.graceSeconds);
    void ending.speaker.stop(this.#unreadStop(ending.finishBy)).then(() => this.#checkIdle());
  }

  /**
   * How to stop a stream nobody may read any more: finishing by `finishBy` (or fully, while
   * someone reads).
   */
  #unreadStop(finishBy: number): { finishWithinMs?: number } {
    if (this.#openSockets > 0 || this.#subscribers.size > 0) return {};
    return { finishWithinMs: Math.max(0, finishBy - Date.now()) };
  }

  /**
   * Opens a speaker stream on this connection's conversation (joining the open one, or starting a
   * new one) and sends its `recognition_result`s to the subscribers, as it sends every result of
   * the conversation. Rejects as {@link SpeakerStream.open} does.
   */
  async openSpeaker(settings: SpeakerSettings): Promise<SpeakerStream> {
    const conversationId = this.#currentConversationId();
    const speaker = await SpeakerStream.open(
      { ...settings, conversationId, appId: this.appId },
      this.#registry,
    );
    this.#adopt(speaker.conversation);
    speaker.recognition$.subscribe({
      next: (frame) => this.#subscribers.send(frame),
      error: () => undefined,
    });
    return speaker;
  }

  /** The stream kept under `key`, if any. */
  slot(key: string): ResumeSlot | undefined {
    return this.#slots.get(key);
  }

  /** Keeps `speaker` under the resume key `key` (until {@link forgetSlot} or its expiry). */
  addSlot(key: string, speaker: SpeakerStream, settings: StreamingSettings): ResumeSlot {
    const slot = new ResumeSlot(key, speaker, settings);
    this.#slots.set(key, slot);
    return slot;
  }

  /** A socket carries `slot`'s stream from now on; returns its take-over notice. */
  carry(slot: ResumeSlot): Observable<void> {
    this.#adopt(slot.speaker.conversation);
    return slot.carry();
  }

  /** The stream ended by `stop_request`: its key is forgotten. */
  forgetSlot(slot: ResumeSlot): void {
    if (this.#slots.get(slot.key) === slot) this.#slots.delete(slot.key);
  }

  /**
   * The socket carrying `slot` dropped without a stop: the stream goes on for
   * `max(noConnectionTimeout, 30)` seconds, then is stopped and forgotten unless a socket resumed it.
   */
  keepSlot(slot: ResumeSlot, noConnectionTimeout: number): void {
    slot.drop(Math.max(noConnectionTimeout, MIN_RESUME_SECONDS), () => {
      if (this.#slots.get(slot.key) !== slot || !slot.dropped) return;
      this.#slots.delete(slot.key);
      const finishBy = Date.now() + this.#registry.limits.abandonedGraceSeconds * 1000;
      void slot.stop(this.#unreadStop(finishBy)).then(() => this.#checkIdle());
    });
  }

  /**
   * Server shutdown, after every socket finished: stops the streams kept for a resume, ends the
   * grace, closes the subscribers with 1001.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#slots.values()].map((slot) => slot.stop()));
    this.#endGrace();
    this.#subscribers.closeAll(1001, 'server shutting down');
  }

  /** The id of the conversation a new speaker joins: the open one, or a new id after it completed. */
  #currentConversationId(): string {
    if (this.#conversation?.completed === true) {
      this.#conversation = undefined;
      this.#conversationId = undefined;
    }
    this.#conversationId ??= randomNumericId();
    return this.#conversationId;
  }

  /** Follows the conversation a speaker joined: its results go to the subscribers. */
  #adopt(conversation: LiveConversation): void {
    this.#endGrace();
    if (this.#conversation === conversation) return;
    this.#resultsSub?.unsubscribe();
    this.#conversation = conversation;
    this.#resultsSub = conversation.results$.subscribe({
      next: ({ frame }) => this.#subscribers.send(frame as ServerMessage),
      complete: () => this.#conversationCompleted(conversation),
    });
  }

  #keepOpen(seconds: number): void {
    const conversation = this.#conversation;
    if (seconds <= 0 || conversation === undefined || conversation.completed) return;
    this.#endGrace();
    const lease = conversation.lease();
    const timer = setTimeout(() => {
      if (this.#grace?.lease === lease) this.#grace = undefined;
      void lease.release();
    }, seconds * 1000);
    timer.unref();
    this.#grace = { lease, timer };
  }

  #endGrace(): void {
    const grace = this.#grace;
    if (grace === undefined) return;
    this.#grace = undefined;
    clearTimeout(grace.timer);
    void grace.lease.release();
  }

  #conversationCompleted(conversation: LiveConversation): void {
    if (this.#conversation !== conversation) return;
    this.#resultsSub = undefined;
    this.#subscribers.closeAll(1000, 'conversation completed');
    this.#checkIdle();
  }

  #checkIdle(): void {
    const live = this.#conversation !== undefined && !this.#conversation.completed;
    const referred = this.#openSockets > 0 || this.#subscribers.size > 0 || this.#slots.size > 0;
    if (!live && !referred && !this.#idleReported) {
      this.#idleReported = true;
      this.#idle.next();
      this.#idle.complete();
    }
  }

  /** Subscribers read the Streaming API's frames; one that fails the wire model is logged, not sent. */
  readonly #encode: FrameEncoding = (frame) => {
    try {
      return encodeServerFrame(frame);
    } catch (error) {
      this.#logger.log('error', 'live.frame_invalid', { connectionId: this.connectionId, error });
      return undefined;
    }
  };
}

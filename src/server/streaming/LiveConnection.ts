import type { Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { encodeServerFrame, type ServerMessage } from '../../model/streaming.ts';
import type { StreamingSettings } from '../../model/streamingSettings.ts';
import { numericId } from '../ids.ts';
import type { Logger } from '../Logger.ts';
import type { LiveConversation } from './LiveConversation.ts';
import type { LiveSession } from './LiveSession.ts';

/**
 * A stream that opted into resuming (`resumeKey`): its session outlives a dropped socket for a
 * while, and the audio bytes it received are counted so a reconnecting client knows where to
 * continue (README.md, "Resuming").
 */
export interface ResumableStream {
  key: string;
  session: LiveSession;
  settings: StreamingSettings;
  /** Binary bytes received after the first start_request (processed or discarded while paused). */
  audioBytes: number;
  /** The socket currently carrying the stream; undefined while dropped. */
  owner: { takeOver(): void } | undefined;
  /** Set while dropped: when it fires the stream is stopped and forgotten. */
  expiry: NodeJS.Timeout | undefined;
}

/** Seconds a dropped resumable stream is kept at least, whatever `noConnectionTimeout` says. */
export const MIN_RESUME_SECONDS = 30;

/**
 * The state shared by every socket of one `connectionId` (spec 1.1): the conversation they feed,
 * read-only subscribers, resumable streams, and the `noConnectionTimeout` grace after the last
 * socket dropped.
 */
export class LiveConnection {
  readonly appId: string;
  readonly connectionId: string;
  readonly subscribers = new Set<WebSocket>();
  readonly sockets = new Set<object>();
  readonly streams = new Map<string, ResumableStream>();
  #conversationId: string | undefined;
  #conversation: LiveConversation | undefined;
  #resultsSub: Subscription | undefined;
  #grace: { holder: object; timer: NodeJS.Timeout } | undefined;
  readonly #logger: Logger;
  readonly #onIdle: () => void;

  constructor(appId: string, connectionId: string, logger: Logger, onIdle: () => void) {
    this.appId = appId;
    this.connectionId = connectionId;
    this.#logger = logger;
    this.#onIdle = onIdle;
  }

  /** The id of the conversation this connection feeds (a new one after the last completed). */
  get conversationId(): string {
    if (this.#conversation?.completed === true) {
      this.#conversation = undefined;
      this.#conversationId = undefined;
    }
    this.#conversationId ??= numericId();
    return this.#conversationId;
  }

  /** Remembers the conversation a session joined, and forwards its results to subscribers. */
  adopt(conversation: LiveConversation): void {
    this.#endGrace();
    if (this.#conversation === conversation) return;
    this.#resultsSub?.unsubscribe();
    this.#conversation = conversation;
    this.#resultsSub = conversation.results$.subscribe({
      next: ({ frame }) => this.broadcast(frame),
      complete: () => this.#conversationCompleted(conversation),
    });
  }

  /** Sends a frame to every subscriber (spec 9: every frame of every speaker). */
  broadcast(frame: ServerMessage): void {
    if (this.subscribers.size === 0) return;
    let text: string;
    try {
      text = encodeServerFrame(frame);
    } catch (error) {
      this.#logger.log('error', 'live.frame_invalid', { connectionId: this.connectionId, error });
      return;
    }
    for (const subscriber of this.subscribers) {
      if (subscriber.readyState === subscriber.OPEN) subscriber.send(text);
    }
  }

  /**
   * The last streaming socket closed without `stop_request`: keep the conversation open for
   * `seconds` (spec 3.1 `noConnectionTimeout`) so a speaker can reconnect to it.
   */
  keepOpen(seconds: number): void {
    const conversation = this.#conversation;
    if (seconds <= 0 || conversation === undefined || conversation.completed) return;
    this.#endGrace();
    const holder = {};
    conversation.hold(holder);
    const timer = setTimeout(() => {
      if (this.#grace?.holder === holder) this.#grace = undefined;
      void conversation.release(holder);
    }, seconds * 1000);
    timer.unref();
    this.#grace = { holder, timer };
  }

  #endGrace(): void {
    const grace = this.#grace;
    if (grace === undefined) return;
    this.#grace = undefined;
    clearTimeout(grace.timer);
    void this.#conversation?.release(grace.holder);
  }

  #conversationCompleted(conversation: LiveConversation): void {
    if (this.#conversation !== conversation) return;
    this.#resultsSub = undefined;
    for (const subscriber of this.subscribers) subscriber.close(1000, 'conversation completed');
    this.subscribers.clear();
    this.forgetIfIdle();
  }

  /** Drops this connection from the server's table once nothing refers to it. */
  forgetIfIdle(): void {
    const live = this.#conversation !== undefined && !this.#conversation.completed;
    if (!live && this.sockets.size === 0 && this.subscribers.size === 0 && this.streams.size === 0) {
      this.#onIdle();
    }
  }

  /** Ends the grace period at once (server shutdown). */
  close(): void {
    this.#endGrace();
  }
}

import type { Recognizer } from '../../engine/asr/Recognizer.ts';
import { TimeZone } from '../../engine/time/TimeZone.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import { LiveConversation, type LiveConversationOptions } from './LiveConversation.ts';

/** Bounds on live recognition, per app and for the server. */
export interface LiveLimits {
  /** Speaker streams (sockets that started, telephony calls) one app may have at once. */
  streamsPerApp: number;
  /** Speaker streams the server runs at once: each holds a recogniser (tens of MB). */
  streamsPerServer: number;
  /** A streaming socket that sends no `start_request` this long after connecting is closed. */
  noStartRequestSeconds: number;
  /** A listening stream that receives no audio this long expires. */
  noAudioSeconds: number;
  /** A stream expires this long after it opened, whatever it does. */
  maxSeconds: number;
  /**
   * When every client of a stream is gone (dropped without a stop, nobody subscribed), the audio
   * it still holds is recognised for at most this long after the drop, or the stream's
   * `noConnectionTimeout` when that is longer (a resumable stream: after its resume window); the
   * rest is dropped.
   */
  abandonedGraceSeconds: number;
}

/** What live scopes need from the server. */
export interface LiveDependencies {
  store: Store;
  logger: Logger;
  /** Default: pocketsphinx on the process-wide recogniser worker pool. */
  recognizer?: Recognizer | undefined;
  /** The zone of a conversation whose start settings name none (default UTC). */
  timeZone?: TimeZone | undefined;
  limits?: Partial<LiveLimits>;
}

/** A speaker stream as the registry tracks it: what it needs to stop it on shutdown. */
export interface TrackedStream {
  stop(options?: { finishWithinMs?: number }): Promise<void>;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  streamsPerApp: 20,
  streamsPerServer: 50,
  noStartRequestSeconds: 30,
  noAudioSeconds: 120,
  maxSeconds: 4 * 3600,
  abandonedGraceSeconds: 5,
};

/**
 * The live conversations of one server, by app and conversation id: speaker streams that name
 * the same conversation share one {@link LiveConversation} (one aggregate, one result stream). A
 * conversation leaves the registry when it completes. It also carries what every live scope needs
 * from the server (store, logger, recogniser, limits), admits each speaker stream under the per-app
 * and per-server caps, and stops every stream still open on shutdown.
 */
export class LiveConversationRegistry {
  readonly store: Store;
  readonly logger: Logger;
  readonly recognizer: Recognizer | undefined;
  readonly timeZone: TimeZone;
  readonly limits: LiveLimits;
  readonly #conversations = new Map<string, LiveConversation>();
  readonly #streams = new Map<TrackedStream, string>();
  readonly #streamsByApp = new Map<string, number>();

  constructor(dependencies: LiveDependencies) {
    this.store = dependencies.store;
    this.logger = dependencies.logger;
    this.recognizer = dependencies.recognizer;
    this.timeZone = dependencies.timeZone ?? TimeZone.UTC;
    this.limits = { ...DEFAULT_LIVE_LIMITS, ...dependencies.limits };
  }

  /** The live conversation `appId`/`conversationId` if one is open. */
  get(appId: string, conversationId: string): LiveConversation | undefined {
    const conversation = this.#conversations.get(key(appId, conversationId));
    return conversation?.completed === false ? conversation : undefined;
  }

  /**
   * The open conversation with this id, or a new one created with `options` (which only apply
   * when it is created; without a zone of their own it takes the server's). `created` tells which.
   */
  obtain(options: LiveConversationOptions): { conversation: LiveConversation; created: boolean } {
    const k = key(options.appId, options.conversationId);
    const open = this.#conversations.get(k);
    if (open !== undefined && !open.completed) return { conversation: open, created: false };
    const analysis = options.analysis ?? {};
    const zoned =
      analysis.timeZone !== undefined || analysis.timezoneOffset !== undefined
        ? options
        : { ...options, analysis: { ...analysis, timeZone: this.timeZone } };
    const conversation = new LiveConversation(zoned, this.store, this.logger);
    this.#conversations.set(k, conversation);
    void conversation.whenCompleted().then(() => {
      if (this.#conversations.get(k) === conversation) this.#conversations.delete(k);
    });
    return { conversation, created: true };
  }

  /**
   * Checks that `appId` may open one more speaker stream now.
   * @throws RateLimitError naming the cap reached (the app's, or the server's).
   */
  admit(appId: string): void {
    if ((this.#streamsByApp.get(appId) ?? 0) >= this.limits.streamsPerApp)
      throw new RateLimitError(
        `This app has ${this.limits.streamsPerApp} live sessions open, its maximum; stop one first.`,
        5000,
      );
    if (this.#streams.size >= this.limits.streamsPerServer)
      throw new RateLimitError('The server runs as many live sessions as it can; retry later.', 5000);
  }

  /** A speaker stream of `appId` opened (after {@link admit}); counts until {@link untrack}. */
  track(stream: TrackedStream, appId: string): void {
    if (this.#streams.has(stream)) return;
    this.#streams.set(stream, appId);
    this.#streamsByApp.set(appId, (this.#streamsByApp.get(appId) ?? 0) + 1);
  }

  /** A speaker stream stopped. */
  untrack(stream: TrackedStream): void {
    const appId = this.#streams.get(stream);
    if (appId === undefined) return;
    this.#streams.delete(stream);
    const left = (this.#streamsByApp.get(appId) ?? 1) - 1;
    if (left === 0) this.#streamsByApp.delete(appId);
    else this.#streamsByApp.set(appId, left);
  }

  /** Open conversations. */
  get size(): number {
    return this.#conversations.size;
  }

  /** Speaker streams open now. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /**
   * Server shutdown, after the owners of speaker streams (streaming endpoints, telephony) had their
   * turn: stops every stream still open, recognising what it holds for at most `finishWithinMs`,
   * then stores every conversation still open as it stands.
   */
  async close(finishWithinMs = 1000): Promise<void> {
    await Promise.allSettled([...this.#streams.keys()].map((s) => s.stop({ finishWithinMs })));
    await Promise.allSettled([...this.#conversations.values()].map((c) => c.persist()));
  }
}

function key(appId: string, conversationId: string): string {
  return `${appId}\u0000${conversationId}`;
}

import type { Recognizer } from '../../engine/asr/Recognizer.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import { LiveConversation, type LiveConversationOptions } from './LiveConversation.ts';

/** What live sessions need from the server. */
export interface LiveDependencies {
  store: Store;
  logger: Logger;
  /** Default: pocketsphinx on the process-wide recogniser worker pool. */
  recognizer?: Recognizer;
}

/**
 * The live conversations of one server, by app and conversation id: sessions that name the same
 * conversation share one {@link LiveConversation} (one aggregate, one result stream). A
 * conversation leaves the registry when it completes. `closeAll` hooks let the owners of live
 * sessions (WebSocket endpoints, telephony) finish them when the server closes.
 */
export class LiveConversationRegistry {
  readonly store: Store;
  readonly logger: Logger;
  readonly recognizer: Recognizer | undefined;
  readonly #conversations = new Map<string, LiveConversation>();
  readonly #closers = new Set<() => Promise<void>>();

  constructor(dependencies: LiveDependencies) {
    this.store = dependencies.store;
    this.logger = dependencies.logger;
    this.recognizer = dependencies.recognizer;
  }

  /** The live conversation `appId`/`conversationId` if one is open. */
  get(appId: string, conversationId: string): LiveConversation | undefined {
    return this.#conversations.get(key(appId, conversationId));
  }

  /**
   * The open conversation with this id, or a new one created with `options` (which only apply
   * when it is created). `created` tells which.
   */
  obtain(options: LiveConversationOptions): { conversation: LiveConversation; created: boolean } {
    const k = key(options.appId, options.conversationId);
    const open = this.#conversations.get(k);
    if (open !== undefined && !open.completed) return { conversation: open, created: false };
    const conversation: LiveConversation = new LiveConversation(options, this.store, this.logger, () => {
      if (this.#conversations.get(k) === conversation) this.#conversations.delete(k);
    });
    this.#conversations.set(k, conversation);
    return { conversation, created: true };
  }

  /** Open conversations. */
  get size(): number {
    return this.#conversations.size;
  }

  /** Registers a shutdown hook (finish your sessions); returns its removal. */
  onClose(closer: () => Promise<void>): () => void {
    this.#closers.add(closer);
    return () => this.#closers.delete(closer);
  }

  /** Runs every shutdown hook (sessions flush and persist), then persists what is still open. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#closers].map((close) => close()));
    await Promise.allSettled([...this.#conversations.values()].map((c) => c.persist()));
  }
}

function key(appId: string, conversationId: string): string {
  return `${appId}\u0000${conversationId}`;
}

import type { Recognizer } from '../../engine/asr/Recognizer.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import { LiveConversation, type LiveConversationOptions } from './LiveConversation.ts';

/** What live scopes need from the server. */
export interface LiveDependencies {
  store: Store;
  logger: Logger;
  /** Default: pocketsphinx on the process-wide recogniser worker pool. */
  recognizer?: Recognizer | undefined;
}

/**
 * The live conversations of one server, by app and conversation id: speaker streams that name
 * the same conversation share one {@link LiveConversation} (one aggregate, one result stream). A
 * conversation leaves the registry when it completes. It also carries what every live scope needs
 * from the server (store, logger, recogniser).
 */
export class LiveConversationRegistry {
  readonly store: Store;
  readonly logger: Logger;
  readonly recognizer: Recognizer | undefined;
  readonly #conversations = new Map<string, LiveConversation>();

  constructor(dependencies: LiveDependencies) {
    this.store = dependencies.store;
    this.logger = dependencies.logger;
    this.recognizer = dependencies.recognizer;
  }

  /** The live conversation `appId`/`conversationId` if one is open. */
  get(appId: string, conversationId: string): LiveConversation | undefined {
    const conversation = this.#conversations.get(key(appId, conversationId));
    return conversation?.completed === false ? conversation : undefined;
  }

  /**
   * The open conversation with this id, or a new one created with `options` (which only apply
   * when it is created). `created` tells which.
   */
  obtain(options: LiveConversationOptions): { conversation: LiveConversation; created: boolean } {
    const k = key(options.appId, options.conversationId);
    const open = this.#conversations.get(k);
    if (open !== undefined && !open.completed) return { conversation: open, created: false };
    const conversation = new LiveConversation(options, this.store, this.logger);
    this.#conversations.set(k, conversation);
    void conversation.whenCompleted().then(() => {
      if (this.#conversations.get(k) === conversation) this.#conversations.delete(k);
    });
    return { conversation, created: true };
  }

  /** Open conversations. */
  get size(): number {
    return this.#conversations.size;
  }

  /**
   * Stores every conversation still open as it stands. The server calls it on shutdown, after
   * the owners of speaker streams (streaming endpoints, telephony) have finished them.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#conversations.values()].map((c) => c.persist()));
  }
}

function key(appId: string, conversationId: string): string {
  return `${appId}\u0000${conversationId}`;
}

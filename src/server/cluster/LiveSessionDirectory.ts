import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import type { LiveSessionKind, LiveSessionOwner } from '../store/StoreRecords.ts';
import type { ForwardMark } from './ForwardMark.ts';

/**
 * Which node holds each live session (a streaming connection, a telephony call), as this node
 * asks: sessions are held by the node that accepted them, and a socket or request naming one that
 * arrives at another node is forwarded to its holder. A request that was forwarded already is
 * never forwarded again (no loops when the directory and a node disagree for a moment).
 */
export class LiveSessionDirectory {
  readonly nodeId: string;
  /** Marks the requests this node forwards, and tells those forwarded to it from a client's. */
  readonly mark: ForwardMark;
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #aliveWithinMs: number;
  /** Claims and releases of one session, in the order this node asked for them. */
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(options: { store: Store; logger: Logger; mark: ForwardMark; aliveWithinMs: number }) {
    this.nodeId = options.mark.nodeId;
    this.mark = options.mark;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#aliveWithinMs = options.aliveWithinMs;
  }

  /**
   * Takes the session for this node, unless a live node holds it: then that node (forward to it).
   * `forwarded` (the request came from another node): this node takes it whatever the directory says.
   */
  async claim(
    appId: string,
    id: string,
    kind: LiveSessionKind,
    forwarded = false,
  ): Promise<LiveSessionOwner | undefined> {
    const holder = await this.#inOrder(appId, id, () =>
      this.#store.claimLiveSession({ appId, id, kind, nodeId: this.nodeId }, this.#aliveWithinMs),
    );
    if (holder.nodeId === this.nodeId || forwarded) return undefined;
    return holder;
  }

  /** The other node holding the session, if one does (undefined when it is this one, or nobody). */
  async holder(appId: string, id: string, forwarded = false): Promise<LiveSessionOwner | undefined> {
    if (forwarded) return undefined;
    const holder = await this.#store.findLiveSession(appId, id, this.#aliveWithinMs);
    return holder?.nodeId === this.nodeId ? undefined : holder;
  }

  /** The session ended on this node. */
  release(appId: string, id: string): void {
    void this.#inOrder(appId, id, () => this.#store.releaseLiveSession(appId, id, this.nodeId)).catch(
      (error: unknown) => this.#logger.log('warn', 'live.release_failed', { id, error }),
    );
  }

  /**
   * Runs `operation` after the earlier ones on the same session: a release still on its way must
   * not delete the claim a new connection of the same id made after it.
   */
  #inOrder<T>(appId: string, id: string, operation: () => Promise<T>): Promise<T> {
    const k = `${appId}\u0000${id}`;
    const previous = this.#pending.get(k) ?? Promise.resolve();
    const next = previous.then(operation, operation);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.set(k, settled);
    void settled.then(() => {
      if (this.#pending.get(k) === settled) this.#pending.delete(k);
    });
    return next;
  }
}

import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import type { NodeRecord, NodeRole } from '../store/StoreRecords.ts';
import { checkSharedMediaDir, removeMediaProbe, writeMediaProbe } from './sharedMediaDir.ts';

/** Options of {@link NodeMembership.join}. */
export interface NodeMembershipOptions {
  store: Store;
  logger: Logger;
  nodeId: string;
  /** Base URL the other nodes reach this one at. */
  url: string;
  role: NodeRole;
  mediaDir: string;
  /**
   * Check that the media directory is the one the running nodes share (a probe file each).
   * Default true; off for SQLite, whose processes share one machine's data directory.
   */
  checkMedia?: boolean;
  /** How often the node says it is alive (default 5 s). */
  heartbeatMs?: number;
  /** A node not heard from for this long is taken for dead (default 4 heartbeats). */
  aliveWithinMs?: number;
}

/** Nodes unseen for this long are forgotten when another joins (their rows and sessions). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * This node's place in the deployment: registered in the store with its URL, role and media
 * directory, kept alive by a heartbeat (another node takes over the live sessions of one whose
 * heartbeat stopped), and removed, with the sessions it held, when it leaves.
 */
export class NodeMembership {
  readonly nodeId: string;
  /** How recently a node must have been seen to count as alive. */
  readonly aliveWithinMs: number;
  readonly #options: NodeMembershipOptions;
  readonly #record: NodeRecord;
  #heartbeat: NodeJS.Timeout | undefined;
  #left = false;

  private constructor(options: NodeMembershipOptions, record: NodeRecord) {
    this.#options = options;
    this.#record = record;
    this.nodeId = options.nodeId;
    const heartbeatMs = options.heartbeatMs ?? 5_000;
    this.aliveWithinMs = options.aliveWithinMs ?? heartbeatMs * 4;
  }

  /**
   * Registers the node, after checking (with PostgreSQL) that its media directory is the one the
   * running nodes share. A node id registered before (a restart) starts with no live sessions.
   * @throws ConfigError when the media directory is not shared.
   */
  static async join(options: NodeMembershipOptions): Promise<NodeMembership> {
    const { store, nodeId, mediaDir } = options;
    const checkMedia = options.checkMedia ?? true;
    const mediaProbe = checkMedia ? await writeMediaProbe(mediaDir, nodeId) : '';
    const record: NodeRecord = {
      id: nodeId,
      url: options.url,
      role: options.role,
      mediaDir,
      mediaProbe,
      startedAt: new Date().toISOString(),
    };
    const membership = new NodeMembership(options, record);
    try {
      await store.pruneNodes(FORGET_AFTER_MS);
      if (checkMedia) {
        const running = await store.listNodes(membership.aliveWithinMs);
        await checkSharedMediaDir(
          mediaDir,
          running.filter((n) => n.id !== nodeId),
        );
      }
      // Whatever a previous process with this id held died with it.
      await store.removeNode(nodeId);
      await store.putNode(record);
    } catch (error) {
      if (checkMedia) await removeMediaProbe(mediaDir, nodeId);
      throw error;
    }
    membership.#startHeartbeat();
    options.logger.log('info', 'node.joined', { url: options.url, role: options.role, mediaDir });
    return membership;
  }

  /** Leaves the deployment: the heartbeat stops, the node and its live sessions are removed. */
  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    clearInterval(this.#heartbeat);
    const { store, logger, mediaDir } = this.#options;
    try {
      await store.removeNode(this.nodeId);
    } catch (error) {
      logger.log('warn', 'node.leave_failed', { error });
    }
    if (this.#options.checkMedia ?? true) await removeMediaProbe(mediaDir, this.nodeId);
  }

  #startHeartbeat(): void {
    const { store, logger } = this.#options;
    this.#heartbeat = setInterval(() => {
      void store.touchNode(this.nodeId).then(
        async (known) => {
          // Taken for dead (a long pause) and removed: come back, holding nothing.
          if (!known && !this.#left) {
            logger.log('warn', 'node.rejoined', {});
            await store.putNode(this.#record);
          }
        },
        (error: unknown) => logger.log('warn', 'node.heartbeat_failed', { error }),
      );
    }, this.#options.heartbeatMs ?? 5_000);
    this.#heartbeat.unref();
  }
}

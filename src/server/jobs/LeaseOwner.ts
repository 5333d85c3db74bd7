import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';

/**
 * Who holds a lease (on a job or a webhook delivery): `<host>/<pid>/<uuid>`, one per server
 * process. The host and pid let a restarted server tell that a lease was its own dead
 * predecessor's and take the work back at once instead of waiting the lease out.
 */
export class LeaseOwner {
  readonly id: string;
  readonly #host: string;

  constructor(host = hostname()) {
    this.#host = host;
    this.id = `${host}/${process.pid}/${randomUUID()}`;
  }

  /**
   * Whether `owner` is certainly a dead process: one of this host whose pid no longer runs, or
   * that had this process's pid before it (a restarted container reuses its pid). Owners of other
   * hosts, and unreadable ones, are never taken for dead: their leases run out instead.
   */
  isDead(owner: string): boolean {
    const [host, pidText] = owner.split('/');
    const pid = Number(pidText);
    if (host !== this.#host || !Number.isSafeInteger(pid) || pid <= 0 || owner === this.id) return false;
    if (pid === process.pid) return true;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  /** Ends the leases of dead processes of this host (at start), so their work is taken back now. */
  async reclaimFromDead(store: Store, logger: Logger): Promise<void> {
    for (const owner of await store.listLeaseOwners()) {
      if (!this.isDead(owner)) continue;
      const leases = await store.expireLeases(owner);
      logger.log('info', 'jobs.reclaimed', { owner, leases });
    }
  }
}

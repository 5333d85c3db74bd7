import { RateLimitError } from '../../errors/RateLimitError.ts';

/** Uploads (and URL downloads) being received at once, per app and for the whole server. */
export interface UploadLimits {
  perApp: number;
  perServer: number;
}

/**
 * Counts media bodies being received (uploads read, URLs fetched) so a server takes only so many
 * at once, and so the per-app job limit can be checked, counting them, before a byte is read.
 */
export class UploadGate {
  readonly #limits: UploadLimits;
  readonly #byApp = new Map<string, number>();
  #total = 0;

  constructor(limits: UploadLimits) {
    this.#limits = limits;
  }

  /** Media bodies of `appId` being received now. */
  inFlight(appId: string): number {
    return this.#byApp.get(appId) ?? 0;
  }

  /**
   * Takes a place for one media body of `appId`; call the returned function when it is stored (or
   * failed).
   * @throws RateLimitError when the app or the server is receiving its maximum already.
   */
  enter(appId: string): () => void {
    const mine = this.inFlight(appId);
    if (mine >= this.#limits.perApp)
      throw new RateLimitError(
        `Too many uploads at once: this app may send ${this.#limits.perApp} media files at a time.`,
        1000,
      );
    if (this.#total >= this.#limits.perServer)
      throw new RateLimitError('The server is receiving too many uploads at once; retry shortly.', 1000);
    this.#byApp.set(appId, mine + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#byApp.get(appId) ?? 1) - 1;
      if (left === 0) this.#byApp.delete(appId);
      else this.#byApp.set(appId, left);
    };
  }
}

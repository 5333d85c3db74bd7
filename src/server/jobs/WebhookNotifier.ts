import { request } from 'undici';
import type { JobState } from '../../model/job.ts';
import type { Logger } from '../Logger.ts';

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  logger: Logger;
  /** Attempts per delivery (first try included). */
  attempts?: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs?: number;
  /** Per-attempt deadline. */
  timeoutMs?: number;
}

/** One status change, as POSTed (`{jobId, status}`, plus Parley's `conversationId`). */
export interface WebhookEvent {
  jobId: string;
  status: JobState;
  conversationId: string;
}

/**
 * Delivers job status changes to `webhookUrl` with undici: in order per job, a bounded number
 * of retries on failure or non-2xx, never blocking the job. Deliveries are in memory: a change
 * that happens while the server is down is not replayed.
 */
export class WebhookNotifier {
  readonly #logger: Logger;
  readonly #attempts: number;
  readonly #retryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #chains = new Map<string, Promise<void>>();

  constructor(options: WebhookNotifierOptions) {
    this.#logger = options.logger;
    this.#attempts = options.attempts ?? 4;
    this.#retryDelayMs = options.retryDelayMs ?? 250;
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Queues a delivery behind earlier ones of the same job. */
  notify(url: string | undefined, event: WebhookEvent): void {
    if (url === undefined || url === '') return;
    const previous = this.#chains.get(event.jobId) ?? Promise.resolve();
    const next = previous.then(() => this.#deliver(url, event));
    this.#chains.set(event.jobId, next);
    void next.finally(() => {
      if (this.#chains.get(event.jobId) === next) this.#chains.delete(event.jobId);
    });
  }

  /** Resolves when every queued delivery has finished (or given up), or after `timeoutMs`. */
  async drain(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#chains.values()]), deadline]);
    clearTimeout(timer);
  }

  async #deliver(url: string, event: WebhookEvent): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
        });
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) return;
        this.#logger.log('warn', 'webhook.rejected', {
          ...event,
          url,
          statusCode: response.statusCode,
          attempt,
        });
      } catch (error) {
        this.#logger.log('warn', 'webhook.failed', { ...event, url, attempt, error: String(error) });
      }
      if (attempt < this.#attempts) await sleep(this.#retryDelayMs * 2 ** (attempt - 1));
    }
    this.#logger.log('error', 'webhook.gave_up', { ...event, url });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

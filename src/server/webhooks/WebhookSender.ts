import { request } from 'undici';
import type { ServerKey } from '../auth/ServerKey.ts';
import { coalescedRunner } from '../jobs/coalescedRunner.ts';
import type { Logger } from '../Logger.ts';
import type { OutboundPolicy } from '../outbound/OutboundPolicy.ts';
import type { Store } from '../store/Store.ts';
import type { WebhookDeliveryRecord, WebhookSettlement } from '../store/StoreRecords.ts';
import { signWebhook } from './signWebhook.ts';

/** Options of {@link WebhookSender}. */
export interface WebhookSenderOptions {
  store: Store;
  logger: Logger;
  policy: OutboundPolicy;
  key: ServerKey;
  /** Identifies this process's leases on deliveries. */
  owner: string;
  /**
   * Waits before each retry, in order; after the last one fails the delivery is given up. Default
   * 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h (ten attempts over about 16 hours).
   */
  retryDelaysMs?: readonly number[];
  /** Per-attempt deadline, connection to response (default 10 s). */
  timeoutMs?: number;
  /** How often to look for due deliveries when not woken (default 1 s). */
  pollMs?: number;
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [5, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800].map((s) => s * 1000);

/**
 * Delivers the job webhooks the store holds (written with each status change, so they survive a
 * crash or restart): claims due deliveries under a lease, POSTs each through the outbound policy
 * (its address checked; redirects are not followed), signed with the app's webhook key, and
 * records the outcome. A 2xx delivers; anything else (refused address, network error, timeout,
 * other status) is retried on the schedule, with a little jitter, then given up. At least once:
 * a receiver may see the same `webhook-id` twice and should keep the first.
 */
export class WebhookSender {
  readonly #options: WebhookSenderOptions;
  readonly #retryDelaysMs: readonly number[];
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  readonly #pumpOnce = coalescedRunner(
    () => this.#pump(),
    (error) => this.#options.logger.log('error', 'webhook.claim_failed', { error }),
  );

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /** Starts delivering (deliveries left by an earlier run included). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#timer = setInterval(() => this.wake(), this.#options.pollMs ?? 1000);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for due deliveries now (after a job's status changed). */
  wake(): void {
    if (!this.#running) return;
    this.#pumpOnce();
  }

  /**
   * Stops claiming and waits up to `graceMs` for deliveries in flight; one still in flight after
   * that keeps its lease, and the next start takes it back.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.#running = false;
    clearInterval(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async #pump(): Promise<void> {
    const { store, owner } = this.#options;
    while (this.#running && this.#inFlight.size < this.#concurrency) {
      const delivery = await store.claimWebhookDelivery(owner, this.#timeoutMs * 3);
      if (delivery === undefined) return;
      const flight: Promise<void> = this.#deliver(delivery)
        .then((settlement) => this.#settle(delivery, settlement))
        .catch((error: unknown) => this.#options.logger.log('error', 'webhook.settle_failed', { error }))
        .finally(() => {
          this.#inFlight.delete(flight);
          this.wake();
        });
      this.#inFlight.add(flight);
    }
  }

  async #deliver(delivery: WebhookDeliveryRecord): Promise<WebhookSettlement> {
    const { store, key, policy } = this.#options;
    const app = await store.getApp(delivery.appId);
    const signingKey = app?.webhookKey === undefined ? undefined : key.open(app.webhookKey);
    if (signingKey === undefined) return this.#failed(delivery, 'the app has no webhook signing key');
    const body = JSON.stringify(delivery.payload);
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher: policy.dispatcher,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          ...signWebhook(signingKey, delivery.id, body),
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return { state: 'delivered' };
      return this.#failed(delivery, `HTTP ${response.statusCode}`);
    } catch (error) {
      return this.#failed(delivery, error instanceof Error ? error.message : String(error));
    }
  }

  /** A failed attempt: retried after the next wait of the schedule, or given up after the last. */
  #failed(delivery: WebhookDeliveryRecord, error: string): WebhookSettlement {
    const wait = this.#retryDelaysMs[delivery.attempts - 1];
    if (wait === undefined) return { state: 'failed', error };
    const jitter = wait * 0.1 * (Math.random() * 2 - 1);
    return { state: 'pending', nextAttemptAt: Date.now() + Math.round(wait + jitter), error };
  }

  async #settle(delivery: WebhookDeliveryRecord, settlement: WebhookSettlement): Promise<void> {
    const { store, owner, logger } = this.#options;
    await store.settleWebhookDelivery(delivery.id, owner, settlement);
    const fields = {
      deliveryId: delivery.id,
      jobId: delivery.jobId,
      appId: delivery.appId,
      status: delivery.payload.status,
      attempt: delivery.attempts,
    };
    if (settlement.state === 'delivered') logger.log('info', 'webhook.delivered', fields);
    else if (settlement.state === 'pending')
      logger.log('warn', 'webhook.retry', {
        ...fields,
        error: settlement.error,
        nextAttemptAt: settlement.nextAttemptAt,
      });
    else logger.log('error', 'webhook.gave_up', { ...fields, error: settlement.error });
  }
}

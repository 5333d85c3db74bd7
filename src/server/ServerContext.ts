import type { TokenService } from './auth/TokenService.ts';
import type { JobQueue } from './jobs/JobQueue.ts';
import type { WebhookNotifier } from './jobs/WebhookNotifier.ts';
import type { Logger } from './Logger.ts';
import type { Store } from './store/Store.ts';

/** Limits a server enforces on clients; each has a clear error when exceeded. */
export interface ServerLimits {
  /** Largest JSON body accepted (413 beyond). */
  jsonBodyBytes: number;
  /** Unfinished jobs one app may have (429 with Retry-After beyond). */
  activeJobsPerApp: number;
  /** Largest audio/video file accepted, uploaded or fetched from a URL (413 beyond). */
  mediaBodyBytes: number;
  /** How long fetching a media URL may take, headers to last byte. */
  mediaFetchTimeoutMs: number;
  /** Redirects followed when fetching a media URL. */
  mediaFetchRedirects: number;
}

/** What route handlers share. */
export interface ServerContext {
  store: Store;
  tokens: TokenService;
  queue: JobQueue;
  notifier: WebhookNotifier;
  logger: Logger;
  limits: ServerLimits;
  /** Where submitted media waits for its job (under the data dir); each file is deleted when its job ends. */
  mediaDir: string;
}

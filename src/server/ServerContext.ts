import type { RecognitionSettings } from '../engine/asr/RecognitionSettings.ts';
import type { PageGrants } from './auth/PageGrants.ts';
import type { TokenService } from './auth/TokenService.ts';
import type { WebhookNotifier } from './jobs/WebhookNotifier.ts';
import type { Logger } from './Logger.ts';
import type { Store } from './store/Store.ts';
import type { LiveConversationRegistry } from './streaming/LiveConversationRegistry.ts';

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
  /**
   * Longest audio (or video soundtrack) accepted, in seconds (default 4 hours, the documented
   * maximum): 413 at submission when the container states it, a failed job when only decoding tells.
   */
  maxMediaSeconds: number;
  /** Largest body of the tracker management API (413 beyond; documented 1 MB). */
  managementBodyBytes: number;
  /** Managed trackers one app may have (documented 500). */
  trackersPerApp: number;
  /**
   * How long a member update or speaker-events request waits for its re-attribution job before
   * answering; past it the answer is the same 200 and the job finishes durably afterwards.
   */
  reattributionWaitMs: number;
}

/** What route handlers share. */
export interface ServerContext {
  store: Store;
  tokens: TokenService;
  /** Signs and checks the read-only links of conversation pages. */
  grants: PageGrants;
  notifier: WebhookNotifier;
  logger: Logger;
  limits: ServerLimits;
  /**
   * Where submitted media waits for its job (under the data dir). A file is deleted when its job
   * ends, unless the job keeps it for the conversation page (then with the conversation).
   */
  mediaDir: string;
  /** Whether a media job keeps its recording when the request does not say (`keepMedia`). */
  keepMedia: boolean;
  /** The server's address as browsers reach it, for page links; undefined: the request's Host. */
  publicUrl: string | undefined;
  /** Live conversations by app and id; streaming sockets and telephony calls open speaker streams on it. */
  live: LiveConversationRegistry;
  /** Which recognisers jobs and live sessions may use (a remote transcription server, if configured). */
  recognition: RecognitionSettings;
}

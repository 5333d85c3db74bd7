import type { RecognitionSettings } from '../engine/asr/RecognitionSettings.ts';
import type { TimeZone } from '../engine/time/TimeZone.ts';
import type { PageGrants } from './auth/PageGrants.ts';
import type { TokenService } from './auth/TokenService.ts';
import type { Logger } from './Logger.ts';
import type { UploadGate } from './media/UploadGate.ts';
import type { OutboundPolicy } from './outbound/OutboundPolicy.ts';
import type { Store } from './store/Store.ts';
import type { LiveConversationRegistry } from './streaming/LiveConversationRegistry.ts';
import type { WebhookSender } from './webhooks/WebhookSender.ts';

/** Limits a server enforces on clients; each has a clear error when exceeded. */
export interface ServerLimits {
  /** Largest JSON body accepted (413 beyond). */
  jsonBodyBytes: number;
  /** Unfinished jobs one app may have, media being received for it counted (429 with Retry-After beyond). */
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
  /** Media files (uploads and URL downloads) one app may be sending at once (429 beyond). */
  uploadsPerApp: number;
  /** Media files the server receives at once, all apps together (429 beyond). */
  uploadsPerServer: number;
  /** Longest text message of a text submission, in characters (400 beyond, at submit). */
  messageChars: number;
  /** Keys of a conversation's metadata (400 beyond). */
  metadataKeys: number;
  /** Size of a conversation's metadata as JSON, in bytes (400 beyond). */
  metadataBytes: number;
  /**
   * Runs a job may start before it is failed: runs ended by the server dying count (a job that
   * kills its server is not retried forever); a graceful shutdown's hand-back does not.
   */
  jobAttempts: number;
  /** Largest body of the tracker management API (413 beyond; documented 1 MB). */
  managementBodyBytes: number;
  /** Managed trackers one app may have (documented 500). */
  trackersPerApp: number;
  /** Conversation groups one app may have (undocumented; default 500, like trackers). */
  groupsPerApp: number;
  /** Bookmarks one conversation may have (undocumented; default 1000). */
  bookmarksPerConversation: number;
  /** Managed entity definitions one app may have (undocumented; default 1000). */
  entityDefinitionsPerApp: number;
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
  /** Delivers job webhooks; woken when a job's status changes. */
  webhooks: WebhookSender;
  logger: Logger;
  limits: ServerLimits;
  /**
   * Where submitted media waits for its job (under the data dir). A file is deleted when its job
   * ends, unless the job keeps it for the conversation page (then with the conversation).
   */
  mediaDir: string;
  /** Media bodies being received, per app and in all. */
  uploads: UploadGate;
  /** Where requests made for callers (media URLs, webhooks, SIP targets) may go. */
  outbound: OutboundPolicy;
  /** Whether a media job keeps its recording when the request does not say (`keepMedia`). */
  keepMedia: boolean;
  /** The zone of a new conversation whose request names none (`parley serve --timezone`; default UTC). */
  timeZone: TimeZone;
  /** The server's address as browsers reach it, for page links; undefined: the request's Host. */
  publicUrl: string | undefined;
  /** The server sits behind a reverse proxy it trusts: its forwarded scheme and host name this server. */
  trustProxy: boolean;
  /** Live conversations by app and id; streaming sockets and telephony calls open speaker streams on it. */
  live: LiveConversationRegistry;
  /** Which recognisers jobs and live sessions may use (a remote transcription server, if configured). */
  recognition: RecognitionSettings;
}

import { of } from 'rxjs';
import { Agent, type Dispatcher } from 'undici';
import { Job } from '../async/Job.ts';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../async/JobOptions.ts';
import { type MediaApi, mediaApi } from '../async/MediaApi.ts';
import { type TextApi, textApi } from '../async/TextApi.ts';
import { type ConversationHandle, conversationHandle } from '../conversations/ConversationHandle.ts';
import { type ConversationsApi, conversationsApi } from '../conversations/ConversationsApi.ts';
import { TOKEN_PATH, TokenResponse } from '../model/auth.ts';
import { EmbeddedEngine, type EmbeddedEngineOptions } from './EmbeddedEngine.ts';
import { type GroupsApi, groupsApi } from './GroupsApi.ts';
import { type Endpoint, HttpTransport } from './HttpTransport.ts';
import { type ManagedEntitiesApi, managedEntitiesApi } from './ManagedEntitiesApi.ts';
import { parseResponse } from './parseResponse.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './RetryPolicy.ts';
import { type ClientTarget, type ClientTargetInputs, resolveClientTarget } from './resolveClientTarget.ts';
import { TokenCache } from './TokenCache.ts';
import { type TrackersApi, trackersApi } from './TrackersApi.ts';
import { userDataDir } from './userDataDir.ts';

/** Options of {@link createClient}. Everything is optional; see {@link resolveClientTarget} for the lookup order. */
export interface ClientOptions extends ClientTargetInputs {
  /** Per-attempt timeout of JSON requests: headers, then body inactivity (default 30 s). */
  timeoutMs?: number;
  /** Per-attempt timeout of media uploads (default 10 min). */
  uploadTimeoutMs?: number;
  /** Retry policy; unset fields keep {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /**
   * How jobs are watched by default; unset fields keep {@link DEFAULT_JOB_OPTIONS} (the embedded
   * engine is polled every 250 ms growing to 2 s, since polling it costs next to nothing).
   */
  job?: Partial<JobOptions>;
  /** The embedded engine used when nothing is configured (data dir, idle shutdown, start notice). */
  embedded?: Partial<EmbeddedEngineOptions>;
  /** Connections kept alive per origin (default 8). */
  connections?: number;
}

/** A client of the Symbl API: Symbl's cloud, `parley serve`, or the embedded engine. */
export interface ParleyClient {
  /** `remote` (a configured server) or `embedded` (the engine in this process). */
  readonly target: ClientTarget['kind'];
  /** The configured base URL; undefined for the embedded engine (its port is picked on start). */
  readonly baseUrl: string | undefined;
  /** The HTTP layer (retries, timeouts, tokens) the APIs share; for calls not wrapped here. */
  readonly http: HttpTransport;
  /** `symbl.Audio`: audio by file or URL. */
  readonly audio: MediaApi;
  /** `symbl.Video`: video (mp4) by file or URL. */
  readonly video: MediaApi;
  /** `symbl.Text`: conversations given as text messages. */
  readonly text: TextApi;
  /** `symbl.Conversations`: the Conversation API, conversation id first. */
  readonly conversations: ConversationsApi;
  /** The tracker Management API (trackers kept with the account). */
  readonly trackers: TrackersApi;
  /** Conversation groups (metadata criteria kept with the account) and their conversations. */
  readonly groups: GroupsApi;
  /** Managed entity definitions (value lists kept with the account). */
  readonly managedEntities: ManagedEntitiesApi;
  /** The Conversation API bound to one conversation. */
  conversation(conversationId: string): ConversationHandle;
  /** Watches a job submitted earlier (`GET /v1/job/{jobId}` until it ends). */
  job(jobId: string, conversationId: string, options?: Partial<JobOptions>): Job;
  /** Closes kept-alive connections and stops the embedded engine, if one was started. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A client for the Symbl API. With credentials (options, `PARLEY_APP_ID`/`PARLEY_APP_SECRET`,
 * `SYMBL_APP_ID`/`SYMBL_APP_SECRET`, or `parley.conf`/`symbl.conf`) it talks to the configured
 * base URL (Symbl's cloud by default). With nothing configured it starts Parley's engine in this
 * process on the first request, on 127.0.0.1, keeping data under the user's data directory.
 * Tokens are fetched, cached and refreshed before they expire; requests go over keep-alive
 * connections with timeouts and retries ({@link RetryPolicy}).
 *
 * ```ts
 * const client = createClient();
 * const job = client.audio.processFile('meeting.wav', { enableSpeakerDiarization: true, diarizationSpeakerCount: 2 });
 * await lastValueFrom(job);
 * const { messages } = await firstValueFrom(job.conversation.getMessages());
 * await client.close();
 * ```
 */
export function createClient(options: ClientOptions = {}): ParleyClient {
  const target = resolveClientTarget(options);
  const dispatcher: Dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connections ?? 8,
    connect: { timeout: 10_000 },
  });
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const common = {
    dispatcher,
    timeoutMs,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 600_000,
    retry,
    userAgent: 'parley-client',
  };
  // Tokens are fetched through the transport itself (unauthenticated, idempotent, same retries).
  let http: HttpTransport;
  const generate = (appId: string, appSecret: string) =>
    http
      .send(
        {
          method: 'POST',
          path: TOKEN_PATH,
          json: { type: 'application', appId, appSecret },
          authenticated: false,
          idempotent: true,
        },
        new AbortController().signal,
      )
      .then((body) => parseResponse(TokenResponse, body, 'token response'));

  let engine: EmbeddedEngine | undefined;
  if (target.kind === 'remote') {
    const tokens = new TokenCache(target.credentials, generate);
    const endpoint: Endpoint = { baseUrl: target.baseUrl, tokens, release() {} };
    http = new HttpTransport({ ...common, endpoint: async () => endpoint });
  } else {
    const embedded = new EmbeddedEngine({ dataDir: userDataDir(options.env), ...options.embedded });
    engine = embedded;
    // One token cache per engine start: the port (and so the token endpoint) changes each time.
    let cache: { url: string; tokens: TokenCache } | undefined;
    http = new HttpTransport({
      ...common,
      retain: () => embedded.retain(),
      async endpoint() {
        const lease = await embedded.acquire();
        if (cache?.url !== lease.url) {
          cache = {
            url: lease.url,
            tokens: new TokenCache({ appId: lease.appId, appSecret: lease.appSecret }, generate),
          };
        }
        return { baseUrl: lease.url, tokens: cache.tokens, release: lease.release };
      },
    });
  }
  // Polling the engine in this process costs next to nothing, so it is polled more often.
  const localPolling = target.kind === 'embedded' ? { intervalMs: 250, maxIntervalMs: 2_000 } : {};
  const jobDefaults = { ...DEFAULT_JOB_OPTIONS, ...localPolling, ...options.job };
  const close = async () => {
    await engine?.close();
    await dispatcher.close();
  };
  return {
    target: target.kind,
    baseUrl: target.kind === 'remote' ? target.baseUrl : undefined,
    http,
    audio: mediaApi(http, 'audio', jobDefaults),
    video: mediaApi(http, 'video', jobDefaults),
    text: textApi(http, jobDefaults),
    conversations: conversationsApi(http),
    trackers: trackersApi(http),
    groups: groupsApi(http),
    managedEntities: managedEntitiesApi(http),
    conversation: (conversationId) => conversationHandle(http, conversationId),
    job: (jobId, conversationId, jobOptions) =>
      new Job(http, of({ jobId, conversationId }), { ...jobDefaults, ...jobOptions }),
    close,
    [Symbol.asyncDispose]: close,
  };
}

import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { PocketsphinxRecognizer } from '../engine/asr/PocketsphinxRecognizer.ts';
import {
  checkRecognitionSettings,
  type RecognitionSettings,
  recognitionSettingsFromEnv,
  recognizerFor,
} from '../engine/asr/RecognitionSettings.ts';
import { RecognizerWorkerPool } from '../engine/asr/RecognizerWorkerPool.ts';
import { transcriptionEndpoint } from '../engine/asr/RemoteRecognizer.ts';
import { TimeZone } from '../engine/time/TimeZone.ts';
import { MAX_MEDIA_DURATION_SECONDS } from '../model/asyncApi.ts';
import type { AppCredentials } from './auth/AppCredentials.ts';
import { checkSharedServerKey } from './auth/checkSharedServerKey.ts';
import { ensureApps } from './auth/ensureApps.ts';
import { PageGrants } from './auth/PageGrants.ts';
import { ServerKey } from './auth/ServerKey.ts';
import { TokenService } from './auth/TokenService.ts';
import { ForwardMark } from './cluster/ForwardMark.ts';
import { healthRoutes } from './cluster/healthRoutes.ts';
import { LiveSessionDirectory } from './cluster/LiveSessionDirectory.ts';
import { NodeMembership } from './cluster/NodeMembership.ts';
import { ApiRequestHandler } from './http/ApiRequestHandler.ts';
import { type AppRateLimit, AppRateLimiter } from './http/AppRateLimiter.ts';
import { publicOrigin } from './http/publicOrigin.ts';
import { Router } from './http/Router.ts';
import { JobQueue } from './jobs/JobQueue.ts';
import type { JobRunner } from './jobs/JobRunner.ts';
import { LeaseOwner } from './jobs/LeaseOwner.ts';
import { WorkerJobRunner } from './jobs/WorkerJobRunner.ts';
import { jsonLogger, type Logger, withFields } from './Logger.ts';
import { sweepOrphanMedia } from './media/sweepOrphanMedia.ts';
import { UploadGate } from './media/UploadGate.ts';
import { OutboundPolicy } from './outbound/OutboundPolicy.ts';
import { pageSubscribeUpgrade } from './pages/pageSubscribeUpgrade.ts';
import { WebAssets } from './pages/WebAssets.ts';
import { bookmarkRoutes } from './routes/bookmarkRoutes.ts';
import { callScoreRoutes } from './routes/callScoreRoutes.ts';
import { conversationResultRoutes } from './routes/conversationResultRoutes.ts';
import { conversationRoutes } from './routes/conversationRoutes.ts';
import { entityDefinitionRoutes } from './routes/entityDefinitionRoutes.ts';
import { experienceRoutes } from './routes/experienceRoutes.ts';
import { groupRoutes } from './routes/groupRoutes.ts';
import { insightRoutes } from './routes/insightRoutes.ts';
import { jobRoutes } from './routes/jobRoutes.ts';
import { mediaRoutes } from './routes/mediaRoutes.ts';
import { memberRoutes } from './routes/memberRoutes.ts';
import { pageRoutes } from './routes/pageRoutes.ts';
import { processMediaRoutes } from './routes/processMediaRoutes.ts';
import { processTextRoutes } from './routes/processTextRoutes.ts';
import { tokenRoutes } from './routes/tokenRoutes.ts';
import { trackerRoutes } from './routes/trackerRoutes.ts';
import type { ServerContext, ServerLimits } from './ServerContext.ts';
import { openStore, redactUrl } from './store/openStore.ts';
import type { Store } from './store/Store.ts';
import type { NodeRole } from './store/StoreRecords.ts';
import { LiveConversationRegistry, type LiveLimits } from './streaming/LiveConversationRegistry.ts';
import type { SocketLimits } from './streaming/SocketLimits.ts';
import { StreamingEndpoints } from './streaming/StreamingEndpoints.ts';
import { WebSocketGateway } from './streaming/WebSocketGateway.ts';
import { TelephonyService } from './telephony/TelephonyService.ts';
import { telephonyRoutes } from './telephony/telephonyRoutes.ts';
import { WebhookSender, type WebhookSenderOptions } from './webhooks/WebhookSender.ts';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /**
   * Directory of the SQLite store, of media waiting for jobs unless `mediaDir` says, and of the
   * server key unless `PARLEY_SERVER_KEY` gives it (created when missing).
   */
  dataDir: string;
  /**
   * A `postgres://` URL: keep everything in that PostgreSQL database, shared by every node started
   * with it, instead of SQLite under `dataDir`. The driver is loaded only when this is set.
   */
  database?: string;
  /**
   * Where submitted media waits for its job (default `<dataDir>/media`). With several nodes, one
   * directory every node mounts at this same path: a job may run on another node than the one
   * that accepted its upload.
   */
  mediaDir?: string;
  /**
   * `api` (requests and live sessions, no jobs), `worker` (jobs, and only `/healthz` and `/readyz`
   * over HTTP) or `all` (both; the default).
   */
  role?: NodeRole;
  /** This node's name in logs, leases and the node table (default `<hostname>-<random>`). */
  nodeId?: string;
  /**
   * Base URL the other nodes reach this one at, for live sessions forwarded to it (default: the
   * address it listens on; with a wildcard host, this machine's hostname and the port).
   */
  advertiseUrl?: string;
  /** PostgreSQL connections this node's pool may open (default 10). */
  poolSize?: number;
  /** How often this node tells the others it is alive (default 5 s; dead after 4 missed). */
  heartbeatMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Use this store instead of SQLite under `dataDir` (closed with the server). */
  store?: Store;
  /** Where PARLEY_APP_ID / PARLEY_APP_SECRET / PARLEY_SERVER_KEY are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: JSON lines on stderr. */
  logger?: Logger;
  /**
   * Job worker; default: the engine (text, and audio/video through the recogniser) on worker
   * threads. Closed with the server.
   */
  runner?: JobRunner;
  /** Jobs running at once (default 2). */
  concurrency?: number;
  /** Job lease (default 30 s): how long another node waits before taking a silent node's job. */
  leaseMs?: number;
  /**
   * Poll interval for runnable jobs: expired leases, and other processes' jobs on SQLite (default
   * 500 ms on SQLite, 5 s on PostgreSQL, where submissions wake every node at once).
   */
  pollMs?: number;
  /**
   * On close, how long running jobs may take to finish before they are handed back (default: 60%
   * of `shutdownTimeoutMs`).
   */
  jobGraceMs?: number;
  /**
   * On close, how long the node keeps serving with `/readyz` at 503 before it stops taking
   * connections, so a load balancer polling it moves traffic away first (default 0).
   */
  drainDelayMs?: number;
  /** Access token lifetime (default 86400 s). */
  tokenLifetimeSeconds?: number;
  limits?: Partial<ServerLimits>;
  /** Caps and time limits of live sessions (streaming sockets, telephony calls). */
  live?: Partial<LiveLimits & SocketLimits>;
  /** Requests one app may make per window (default 2000 per 10 s; `requests: 0` turns it off). */
  rateLimit?: AppRateLimit;
  /** Webhook delivery: retry schedule, per-attempt timeout, poll interval. */
  webhooks?: Pick<WebhookSenderOptions, 'retryDelaysMs' | 'timeoutMs' | 'pollMs'>;
  /**
   * Lets media URLs, webhooks and SIP calls reach loopback and private networks (off by default:
   * for a server on premises whose media and receivers sit on its own network).
   */
  allowPrivateNetworks?: boolean;
  /** Use this outbound policy instead of the one `allowPrivateNetworks` describes. */
  outbound?: OutboundPolicy;
  /**
   * The server sits behind a reverse proxy that sets `X-Forwarded-For`: clients are told apart by
   * its last entry (for the failed-token throttle) rather than by the proxy's address. Off by
   * default: a client could otherwise claim any address.
   */
  trustProxy?: boolean;
  /**
   * Recognisers: a remote OpenAI-compatible transcription server and the default backend for jobs
   * and live sessions. Default: from PARLEY_RECOGNIZER_URL and its companions in `env`, else
   * pocketsphinx only.
   */
  recognition?: RecognitionSettings;
  /**
   * Keep each recording after its job, so the conversation page can play it (default false; a
   * submission's `keepMedia` parameter overrides). It costs the submitted file's size on disk, per
   * media job, until the conversation is deleted.
   */
  keepMedia?: boolean;
  /**
   * The time zone of new conversations whose request names none (async `timezone` or
   * `timezoneOffset`, streaming `config.timezone` or `timezoneOffset`, telephony `timezone`): an
   * IANA name such as `Europe/Berlin`, `UTC` or an offset such as `-08:00`. Default UTC.
   * @throws ValidationError from createServer when the runtime knows no such zone.
   */
  timeZone?: string;
  /**
   * The server's address as browsers and callers reach it (e.g. `https://parley.example.com`), for
   * the page links the Experience API hands out (default: the Host the request came to) and a
   * telephony call's event, result-socket and summary URLs (default: what a trusted proxy
   * forwarded, with `trustProxy`, else the address the server listens on).
   */
  publicUrl?: string;
  /** Where the built conversation-page assets are (default: the package's `dist/web`). */
  webAssetsDir?: string;
  /**
   * How long `close()` may take (default 10 s): live sessions are finished (their audio recognised
   * while time allows), running jobs finish or are handed back, webhooks in flight are given a
   * moment, then the store closes.
   */
  shutdownTimeoutMs?: number;
}

/** A started server. */
export interface RunningServer {
  /** `http://host:port` */
  url: string;
  /** The app credentials created on this start because none existed (print them once). */
  createdApp?: AppCredentials;
  store: Store;
  /** This node's id (in every log line as `node`). */
  nodeId: string;
  role: NodeRole;
  /**
   * Stops accepting requests and WebSocket upgrades, hangs up calls and finishes live sockets
   * (every final stored), lets running jobs reach a safe point or hands them back, ends worker
   * threads, closes the store last; within `shutdownTimeoutMs`.
   */
  close(): Promise<void>;
}

const DEFAULT_LIMITS: ServerLimits = {
  jsonBodyBytes: 5 * 1024 * 1024,
  activeJobsPerApp: 50,
  mediaBodyBytes: 1024 * 1024 * 1024,
  mediaFetchTimeoutMs: 120_000,
  mediaFetchRedirects: 3,
  maxMediaSeconds: MAX_MEDIA_DURATION_SECONDS,
  uploadsPerApp: 4,
  uploadsPerServer: 16,
  messageChars: 100_000,
  metadataKeys: 100,
  metadataBytes: 16 * 1024,
  jobAttempts: 3,
  managementBodyBytes: 1024 * 1024,
  trackersPerApp: 500,
  groupsPerApp: 500,
  bookmarksPerConversation: 1000,
  entityDefinitionsPerApp: 1000,
  reattributionWaitMs: 30_000,
};

/**
 * Starts Parley's server on one HTTP listener: the token route, the Async API (text, audio, video,
 * by upload or URL) and the Conversation API over a durable store and job queue, tracker
 * management, the Streaming API's WebSockets, the Telephony API (SIP calls into live
 * conversations), and `/healthz` and `/readyz`. Before it listens it takes back the work of its
 * own dead predecessor (jobs, webhook deliveries) and removes media nothing will read. Resolves
 * once it listens and has joined its deployment (the other nodes on the same store).
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const timeZone = options.timeZone === undefined ? TimeZone.UTC : TimeZone.of(options.timeZone, 'timeZone');
  const env = options.env ?? process.env;
  const role = options.role ?? 'all';
  const nodeId = options.nodeId ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  const logger = withFields(options.logger ?? jsonLogger(), { node: nodeId });
  const recognition = options.recognition ?? recognitionSettingsFromEnv(env);
  checkRecognitionSettings(recognition);
  const key = ServerKey.load(options.dataDir, env);
  const store =
    options.store ??
    (await openStore({
      database: options.database,
      dataDir: options.dataDir,
      logger,
      poolSize: options.poolSize,
    }));
  const servesApi = role !== 'worker';
  let created: AppCredentials | undefined;
  const owner = new LeaseOwner();
  const mediaDir = resolve(options.mediaDir ?? join(options.dataDir, 'media'));
  try {
    await checkSharedServerKey(store, key);
    ({ created } = servesApi ? await ensureApps(store, env, key) : {});
    await owner.reclaimFromDead(store, logger);
    await sweepOrphanMedia(mediaDir, store, logger, true);
  } catch (error) {
    await store.close();
    throw error;
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };

  const tokens = new TokenService(store, key, {
    ...(options.tokenLifetimeSeconds === undefined ? {} : { lifetimeSeconds: options.tokenLifetimeSeconds }),
  });
  const grants = new PageGrants(key.grantKey);
  const outbound =
    options.outbound ?? new OutboundPolicy({ allowPrivateNetworks: options.allowPrivateNetworks ?? false });
  const webhooks = new WebhookSender({
    store,
    logger,
    policy: outbound,
    key,
    owner: owner.id,
    ...options.webhooks,
  });
  const runner =
    role === 'api' ? undefined : (options.runner ?? defaultRunner(options.concurrency ?? 2, recognition));
  const queue =
    runner === undefined
      ? undefined
      : new JobQueue({
          store,
          runner,
          logger,
          owner: owner.id,
          maxAttempts: limits.jobAttempts,
          onStatusChange: () => webhooks.wake(),
          pollMs: options.pollMs ?? (store.dialect === 'postgres' ? 5_000 : 500),
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        });
  const recognizerPool = new RecognizerWorkerPool();
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  // Nodes of one deployment recognise each other's forwarded requests by this shared key.
  const mark = new ForwardMark(
    nodeId,
    await store.initSetting('cluster.forwardKey', randomBytes(32).toString('hex')),
  );
  const directory = new LiveSessionDirectory({ store, logger, mark, aliveWithinMs: heartbeatMs * 4 });
  let draining = false;
  const context: ServerContext = {
    store,
    tokens,
    grants,
    webhooks,
    logger,
    limits,
    mediaDir,
    keepMedia: options.keepMedia ?? false,
    timeZone,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    trustProxy: options.trustProxy ?? false,
    uploads: new UploadGate({ perApp: limits.uploadsPerApp, perServer: limits.uploadsPerServer }),
    outbound,
    // Live conversations, shared by WebSocket and telephony sessions.
    live: new LiveConversationRegistry({
      store,
      logger,
      recognizer: recognizerFor(recognition) ?? new PocketsphinxRecognizer(recognizerPool),
      ...(options.live === undefined ? {} : { limits: options.live }),
      timeZone,
    }),
    recognition,
  };
  const router = new Router().add(...healthRoutes({ nodeId, role, store, logger, ready: () => !draining }));
  const webSockets = new WebSocketGateway({
    tokens,
    logger,
    mark,
    ...(options.live === undefined ? {} : { limits: options.live }),
  });
  let streaming: StreamingEndpoints | undefined;
  let telephony: TelephonyService | undefined;
  /** The server's own URL, known once it listens (before any request arrives). */
  let listeningUrl = '';
  if (servesApi) {
    router.add(
      ...tokenRoutes(context),
      ...processTextRoutes(context),
      ...processMediaRoutes(context),
      ...jobRoutes(context),
      ...conversationRoutes(context),
      ...insightRoutes(context),
      ...conversationResultRoutes(context),
      ...memberRoutes(context),
      ...trackerRoutes(context),
      ...groupRoutes(context),
      ...bookmarkRoutes(context),
      ...entityDefinitionRoutes(context),
      ...experienceRoutes(context),
      ...callScoreRoutes(context),
      ...mediaRoutes(context),
      ...pageRoutes(context, new WebAssets(options.webAssetsDir)),
    );
    streaming = new StreamingEndpoints({ live: context.live, directory });
    telephony = new TelephonyService({
      context,
      directory,
      origin: (req) =>
        publicOrigin(req, {
          publicUrl: context.publicUrl,
          trustProxy: context.trustProxy,
          listeningUrl,
        }),
      trunk: env.PARLEY_SIP_TRUNK ?? process.env.PARLEY_SIP_TRUNK,
    });
    router.add(...telephonyRoutes(context, telephony));
    // Telephony's routes go first: it takes /v1/subscribe/{id} only for its own connection ids.
    webSockets.add(...telephony.webSocketRoutes(), ...streaming.webSocketRoutes());
  }
  const rateLimiter = new AppRateLimiter(store, options.rateLimit ?? { requests: 2000, windowSeconds: 10 }, {
    logger,
  });
  const requests = new ApiRequestHandler({
    router,
    authority: context,
    rateLimiter,
    logger,
    trustProxy: options.trustProxy ?? false,
    ...(role === 'worker'
      ? { notFoundHint: 'this node only runs jobs: send API requests to an API node' }
      : {}),
  });
  const http = createHttpServer(requests.handle);
  http.on('clientError', answerClientError);
  // A live page's grant becomes an access token before the gateway authenticates the upgrade.
  const admitPageSubscriber = pageSubscribeUpgrade(
    grants,
    tokens,
    context.live,
    async (appId, connectionId) => (await directory.holder(appId, connectionId)) !== undefined,
  );
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void admitPageSubscriber(req)
      .catch((error: unknown) => logger.log('warn', 'pages.subscribe_check_failed', { error }))
      .then(() => webSockets.handleUpgrade(req, socket, head));
  });
  http.headersTimeout = 30_000;
  http.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  listeningUrl = advertisedUrl(address, url);
  let membership: NodeMembership;
  try {
    membership = await NodeMembership.join({
      store,
      logger,
      nodeId,
      url: options.advertiseUrl ?? advertisedUrl(address, url),
      role,
      mediaDir,
      checkMedia: store.dialect === 'postgres',
      heartbeatMs,
    });
  } catch (error) {
    await new Promise<void>((resolveClose) => http.close(() => resolveClose()));
    await runner?.close?.();
    await recognizerPool.close();
    await rateLimiter.close();
    await outbound.close();
    await store.close();
    throw error;
  }
  queue?.start();
  webhooks.start();
  const sweeper = setInterval(() => void sweepOrphanMedia(mediaDir, store, logger), 10 * 60_000);
  sweeper.unref();
  logger.log('info', 'server.listening', {
    url,
    role,
    store: store.dialect,
    recognizer: recognizerFor(recognition)?.name ?? 'pocketsphinx',
    // Origin and path only: a query string may carry a key.
    ...(recognition.remote ? { recognizerEndpoint: endpointForLog(recognition.remote.url) } : {}),
    ...(options.database === undefined
      ? { dataDir: options.dataDir }
      : { database: redactUrl(options.database) }),
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    ...(created === undefined ? {} : { createdApp: created }),
    store,
    nodeId,
    role,
    close() {
      closing ??= (async () => {
        // Load balancers read /readyz: from now on it says this node is going away, and the
        // node serves on until they have seen it. The shutdown deadline counts from after that.
        draining = true;
        logger.log('info', 'server.draining', { drainDelayMs: options.drainDelayMs ?? 0 });
        if ((options.drainDelayMs ?? 0) > 0) {
          await new Promise((resolveDelay) => setTimeout(resolveDelay, options.drainDelayMs));
        }
        const deadline = options.shutdownTimeoutMs ?? 10_000;
        const started = Date.now();
        const left = () => Math.max(0, deadline - (Date.now() - started));
        clearInterval(sweeper);
        // Stop accepting: no new requests, upgrades or calls.
        const stopped = new Promise<void>((resolveClose) => http.close(() => resolveClose()));
        http.closeIdleConnections();
        webSockets.stopAccepting();
        // Live sessions finish (calls hang up, sockets flush their finals) while jobs reach a safe
        // point; what is still running at 60% of the time is cut short (live) or handed back (jobs),
        // and another node claims a handed-back job at once.
        const phase = Math.floor(deadline * 0.6);
        const owners = Promise.allSettled([telephony?.close(), streaming?.close()]);
        await Promise.all([
          (async () => {
            await within(owners, phase);
            await context.live.close(Math.min(1000, left()));
            await within(owners, Math.min(1000, left()));
          })(),
          queue?.stop(Math.min(options.jobGraceMs ?? phase, phase)),
        ]);
        await webhooks.stop(Math.min(2000, left()));
        await rateLimiter.close();
        await webSockets.close();
        await runner?.close?.();
        await recognizerPool.close();
        http.closeAllConnections();
        await within(stopped, left());
        await outbound.close();
        await membership.leave();
        await store.close();
        logger.log('info', 'server.closed', { url, ms: Date.now() - started });
        logger.flush?.();
      })();
      return closing;
    },
  };
}

/**
 * The URL other nodes reach this one at: `listening` (the URL of the address it listens on), or
 * this host's name for a wildcard address.
 */
function advertisedUrl(address: AddressInfo, listening: string): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  return wildcard ? `http://${hostname()}:${address.port}` : listening;
}

function endpointForLog(url: string): string {
  const endpoint = transcriptionEndpoint(url);
  return endpoint.origin + endpoint.pathname;
}

/** The insight engine on worker threads, started now so the first job does not wait for it. */
function defaultRunner(threads: number, recognition: RecognitionSettings): JobRunner {
  const runner = new WorkerJobRunner({ runnerOptions: { recognition } });
  runner.warm(threads);
  return runner;
}

/** Resolves when `promise` settles or `ms` have passed, whichever is first. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Answers a request Node's parser refused before any route saw it, with the error body every
 * other answer has: 431 for headers over the limit, 408 for a request too slow to arrive, 400 for
 * anything malformed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (socket.destroyed || !socket.writable) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than the server accepts (16 KB in all).']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request did not arrive in time.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `Connection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

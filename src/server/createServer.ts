import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import {
  checkRecognitionSettings,
  type RecognitionSettings,
  recognitionSettingsFromEnv,
  recognizerFor,
} from '../engine/asr/RecognitionSettings.ts';
import { transcriptionEndpoint } from '../engine/asr/RemoteRecognizer.ts';
import { MAX_MEDIA_DURATION_SECONDS } from '../model/asyncApi.ts';
import type { AppCredentials } from './auth/AppCredentials.ts';
import { authorizeRequest } from './auth/authorizeRequest.ts';
import { ensureApps } from './auth/ensureApps.ts';
import { PageGrants } from './auth/PageGrants.ts';
import { TokenService } from './auth/TokenService.ts';
import { ForwardMark } from './cluster/ForwardMark.ts';
import { healthRoutes } from './cluster/healthRoutes.ts';
import { LiveSessionDirectory } from './cluster/LiveSessionDirectory.ts';
import { NodeMembership } from './cluster/NodeMembership.ts';
import { errorReply } from './http/errorReply.ts';
import type { Reply } from './http/Route.ts';
import { Router } from './http/Router.ts';
import { sendReply } from './http/sendReply.ts';
import { JobQueue } from './jobs/JobQueue.ts';
import type { JobRunner } from './jobs/JobRunner.ts';
import { WebhookNotifier, type WebhookNotifierOptions } from './jobs/WebhookNotifier.ts';
import { WorkerJobRunner } from './jobs/WorkerJobRunner.ts';
import { jsonLogger, type Logger, withFields } from './Logger.ts';
import { pageSubscribeUpgrade } from './pages/pageSubscribeUpgrade.ts';
import { WebAssets } from './pages/WebAssets.ts';
import { callScoreRoutes } from './routes/callScoreRoutes.ts';
import { conversationResultRoutes } from './routes/conversationResultRoutes.ts';
import { conversationRoutes } from './routes/conversationRoutes.ts';
import { experienceRoutes } from './routes/experienceRoutes.ts';
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
import { LiveConversationRegistry } from './streaming/LiveConversationRegistry.ts';
import { StreamingEndpoints } from './streaming/StreamingEndpoints.ts';
import { WebSocketGateway } from './streaming/WebSocketGateway.ts';
import { TelephonyService } from './telephony/TelephonyService.ts';
import { telephonyRoutes } from './telephony/telephonyRoutes.ts';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Directory of the SQLite store (created when missing), and of media unless `mediaDir` says. */
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
  /** Where PARLEY_APP_ID / PARLEY_APP_SECRET are read; default process.env. */
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
  /** Job lease (default 30 s): how long a killed server's job waits before another run takes it. */
  leaseMs?: number;
  /**
   * Poll interval for runnable jobs: expired leases, and other processes' jobs on SQLite (default
   * 500 ms on SQLite, 5 s on PostgreSQL, where submissions wake every node at once).
   */
  pollMs?: number;
  /** On close, how long running jobs may take to finish before they are handed back (default 10 s). */
  jobGraceMs?: number;
  /**
   * On close, how long the node keeps serving with `/readyz` at 503 before it stops taking
   * connections, so a load balancer polling it moves traffic away first (default 0).
   */
  drainDelayMs?: number;
  /** Access token lifetime (default 86400 s). */
  tokenLifetimeSeconds?: number;
  limits?: Partial<ServerLimits>;
  /**
   * Recognisers: a remote OpenAI-compatible transcription server and the default backend for jobs
   * and live sessions. Default: from PARLEY_RECOGNIZER_URL and its companions in `env`, else
   * pocketsphinx only.
   */
  recognition?: RecognitionSettings;
  webhook?: Omit<WebhookNotifierOptions, 'logger'>;
  /**
   * Keep each recording after its job, so the conversation page can play it (default false; a
   * submission's `keepMedia` parameter overrides). It costs the submitted file's size on disk, per
   * media job, until the conversation is deleted.
   */
  keepMedia?: boolean;
  /**
   * The server's address as browsers reach it (e.g. `https://parley.example.com`), for the page
   * links the Experience API hands out. Default: the Host the request came to.
   */
  publicUrl?: string;
  /** Where the built conversation-page assets are (default: the package's `dist/web`). */
  webAssetsDir?: string;
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
   * (every pending final stored), lets running jobs reach a safe point, delivers pending
   * webhooks, closes the store last.
   */
  close(): Promise<void>;
}

/**
 * Starts Parley's server on one HTTP listener: the token route, the Async API (text, audio, video,
 * by upload or URL) and the Conversation API over a durable store and job queue, tracker
 * management, the Streaming API's WebSockets, the Telephony API (SIP calls into live
 * conversations), and `/healthz` and `/readyz`. Resolves once it listens and has joined its
 * deployment (the other nodes on the same store).
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const role = options.role ?? 'all';
  const nodeId = options.nodeId ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  const logger = withFields(options.logger ?? jsonLogger(), { node: nodeId });
  const store =
    options.store ??
    (await openStore({
      database: options.database,
      dataDir: options.dataDir,
      logger,
      poolSize: options.poolSize,
    }));
  const recognition = options.recognition ?? recognitionSettingsFromEnv(options.env ?? process.env);
  checkRecognitionSettings(recognition);
  const servesApi = role !== 'worker';
  const { created } = servesApi ? await ensureApps(store, options.env ?? process.env) : {};
  const tokens = await TokenService.create(store, options.tokenLifetimeSeconds);
  const grants = await PageGrants.create(store);
  const notifier = new WebhookNotifier({ logger, ...options.webhook });
  const runner =
    role === 'api' ? undefined : (options.runner ?? defaultRunner(options.concurrency ?? 2, recognition));
  const queue =
    runner === undefined
      ? undefined
      : new JobQueue({
          store,
          runner,
          logger,
          notifier,
          nodeId,
          pollMs: options.pollMs ?? (store.dialect === 'postgres' ? 5_000 : 500),
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        });
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  // Nodes of one deployment recognise each other's forwarded requests by this shared key.
  const mark = new ForwardMark(
    nodeId,
    await store.initSetting('cluster.forwardKey', randomBytes(32).toString('hex')),
  );
  const directory = new LiveSessionDirectory({ store, logger, mark, aliveWithinMs: heartbeatMs * 4 });
  const mediaDir = resolve(options.mediaDir ?? join(options.dataDir, 'media'));
  let draining = false;
  const context: ServerContext = {
    store,
    tokens,
    grants,
    notifier,
    logger,
    limits: {
      jsonBodyBytes: 5 * 1024 * 1024,
      activeJobsPerApp: 50,
      mediaBodyBytes: 1024 * 1024 * 1024,
      mediaFetchTimeoutMs: 120_000,
      mediaFetchRedirects: 3,
      maxMediaSeconds: MAX_MEDIA_DURATION_SECONDS,
      managementBodyBytes: 1024 * 1024,
      trackersPerApp: 500,
      reattributionWaitMs: 30_000,
      ...options.limits,
    },
    mediaDir,
    keepMedia: options.keepMedia ?? false,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    // Live conversations, shared by WebSocket and telephony sessions.
    live: new LiveConversationRegistry({ store, logger, recognizer: recognizerFor(recognition) }),
    recognition,
  };
  const router = new Router().add(...healthRoutes({ nodeId, role, store, logger, ready: () => !draining }));
  const http = createHttpServer((req, res) => {
    void handle(router, context, req, res, role);
  });
  const webSockets = new WebSocketGateway({ tokens, logger, mark });
  let streaming: StreamingEndpoints | undefined;
  let telephony: TelephonyService | undefined;
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
      ...experienceRoutes(context),
      ...callScoreRoutes(context),
      ...mediaRoutes(context),
      ...pageRoutes(context, new WebAssets(options.webAssetsDir)),
    );
    streaming = new StreamingEndpoints({ live: context.live, directory });
    telephony = new TelephonyService({
      context,
      directory,
      trunk: (options.env ?? process.env).PARLEY_SIP_TRUNK ?? process.env.PARLEY_SIP_TRUNK,
    });
    router.add(...telephonyRoutes(context, telephony));
    // Telephony's routes go first: it takes /v1/subscribe/{id} only for its own connection ids.
    webSockets.add(...telephony.webSocketRoutes(), ...streaming.webSocketRoutes());
  }
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
  let membership: NodeMembership;
  try {
    membership = await NodeMembership.join({
      store,
      logger,
      nodeId,
      url: options.advertiseUrl ?? advertisedUrl(address),
      role,
      mediaDir,
      checkMedia: store.dialect === 'postgres',
      heartbeatMs,
    });
  } catch (error) {
    await new Promise<void>((resolveClose) => http.close(() => resolveClose()));
    await runner?.close?.();
    await store.close();
    throw error;
  }
  queue?.start();
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
        // node serves on until they have seen it.
        draining = true;
        logger.log('info', 'server.draining', { drainDelayMs: options.drainDelayMs ?? 0 });
        if ((options.drainDelayMs ?? 0) > 0) {
          await new Promise((resolveDelay) => setTimeout(resolveDelay, options.drainDelayMs));
        }
        const stopped = new Promise<void>((resolveClose) => http.close(() => resolveClose()));
        http.closeIdleConnections();
        // Live sessions end while the store is open: calls hang up and sockets finish (their
        // finals stored), then what is still open is stored as it stands.
        webSockets.stopAccepting();
        await Promise.allSettled([telephony?.close(), streaming?.close()]);
        await context.live.close();
        await webSockets.close();
        // Jobs still running after the grace are handed back: another node claims them at once.
        await queue?.stop(options.jobGraceMs ?? 10_000);
        await runner?.close?.();
        await notifier.drain();
        http.closeAllConnections();
        await stopped;
        await membership.leave();
        await store.close();
        logger.log('info', 'server.closed', { url });
      })();
      return closing;
    },
  };
}

/** The URL other nodes reach this one at: the listening address, or this host's name for a wildcard. */
function advertisedUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  if (wildcard) return `http://${hostname()}:${address.port}`;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
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

async function handle(
  router: Router,
  server: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  role: NodeRole,
): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  let path = '/';
  let search = '';
  let reply: Reply;
  try {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    path = q === -1 ? target : target.slice(0, q);
    search = q === -1 ? '' : target.slice(q + 1);
    reply = await dispatch(router, server, req, method, path, search, role);
  } catch (error) {
    const mapped = errorReply(error);
    if (mapped.unexpected) server.logger.log('error', 'http.unexpected_error', { method, path, error });
    reply = mapped;
    if (mapped.status === 413) reply.headers = { ...reply.headers, connection: 'close' };
  }
  try {
    sendReply(res, reply);
  } catch (error) {
    server.logger.log('error', 'http.send_failed', { method, path, error });
    res.destroy();
  }
  server.logger.log('info', 'http.request', {
    method,
    path,
    status: reply.status,
    ms: Math.round(performance.now() - started),
  });
}

async function dispatch(
  router: Router,
  server: ServerContext,
  req: IncomingMessage,
  method: string,
  path: string,
  search: string,
  role: NodeRole,
): Promise<Reply> {
  const match = router.match(method, path);
  if (match.kind === 'not-found') {
    const hint = role === 'worker' ? ' (this node only runs jobs: send API requests to an API node)' : '';
    return { status: 404, body: { message: `No such endpoint: ${method} ${path}${hint}` } };
  }
  if (match.kind === 'method-not-allowed') {
    return {
      status: 405,
      body: { message: `Method ${method} is not allowed here.` },
      headers: { allow: match.allowed.join(', ') },
    };
  }
  const identity = await authorizeRequest(server, match.route, req, match.params, search);
  return match.route.handle({ req, method, path, params: match.params, search, ...identity });
}

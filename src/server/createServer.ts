import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
import { errorReply } from './http/errorReply.ts';
import type { Reply } from './http/Route.ts';
import { Router } from './http/Router.ts';
import { sendReply } from './http/sendReply.ts';
import { JobQueue } from './jobs/JobQueue.ts';
import type { JobRunner } from './jobs/JobRunner.ts';
import { WebhookNotifier, type WebhookNotifierOptions } from './jobs/WebhookNotifier.ts';
import { WorkerJobRunner } from './jobs/WorkerJobRunner.ts';
import { jsonLogger, type Logger } from './Logger.ts';
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
import { SqliteStore } from './store/SqliteStore.ts';
import type { Store } from './store/Store.ts';
import { LiveConversationRegistry } from './streaming/LiveConversationRegistry.ts';
import { StreamingEndpoints } from './streaming/StreamingEndpoints.ts';
import { WebSocketGateway } from './streaming/WebSocketGateway.ts';
import { TelephonyService } from './telephony/TelephonyService.ts';
import { telephonyRoutes } from './telephony/telephonyRoutes.ts';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Directory of the SQLite store (created when missing). */
  dataDir: string;
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
  /** Poll interval for runnable jobs (default 500 ms). */
  pollMs?: number;
  /** On close, how long running jobs may take to finish before they are handed back (default 10 s). */
  jobGraceMs?: number;
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
 * management, the Streaming API's WebSockets, and the Telephony API (SIP calls into live
 * conversations). Resolves once it listens.
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? jsonLogger();
  const recognition = options.recognition ?? recognitionSettingsFromEnv(options.env ?? process.env);
  checkRecognitionSettings(recognition);
  const store = options.store ?? SqliteStore.open(options.dataDir);
  const { created } = await ensureApps(store, options.env ?? process.env);
  const tokens = await TokenService.create(store, options.tokenLifetimeSeconds);
  const grants = await PageGrants.create(store);
  const notifier = new WebhookNotifier({ logger, ...options.webhook });
  const runner = options.runner ?? defaultRunner(options.concurrency ?? 2, recognition);
  const queue = new JobQueue({
    store,
    runner,
    logger,
    notifier,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const context: ServerContext = {
    store,
    tokens,
    grants,
    queue,
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
      groupsPerApp: 500,
      bookmarksPerConversation: 1000,
      entityDefinitionsPerApp: 1000,
      reattributionWaitMs: 30_000,
      ...options.limits,
    },
    mediaDir: join(options.dataDir, 'media'),
    keepMedia: options.keepMedia ?? false,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    // Live conversations, shared by WebSocket and telephony sessions.
    live: new LiveConversationRegistry({ store, logger, recognizer: recognizerFor(recognition) }),
    recognition,
  };
  const router = new Router().add(
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

  const http = createHttpServer((req, res) => {
    void handle(router, context, req, res);
  });
  const streaming = new StreamingEndpoints({ live: context.live });
  const telephony = new TelephonyService({
    context,
    trunk: (options.env ?? process.env).PARLEY_SIP_TRUNK ?? process.env.PARLEY_SIP_TRUNK,
  });
  router.add(...telephonyRoutes(context, telephony));
  // Telephony's routes go first: it takes /v1/subscribe/{id} only for its own connection ids.
  const webSockets = new WebSocketGateway({ tokens, logger }).add(
    ...telephony.webSocketRoutes(),
    ...streaming.webSocketRoutes(),
  );
  // A live page's grant becomes an access token before the gateway authenticates the upgrade.
  const admitPageSubscriber = pageSubscribeUpgrade(grants, tokens, context.live);
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    admitPageSubscriber(req);
    webSockets.handleUpgrade(req, socket, head);
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
  queue.start();
  logger.log('info', 'server.listening', {
    url,
    dataDir: options.dataDir,
    recognizer: recognizerFor(recognition)?.name ?? 'pocketsphinx',
    // Origin and path only: a query string may carry a key.
    ...(recognition.remote ? { recognizerEndpoint: endpointForLog(recognition.remote.url) } : {}),
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    ...(created === undefined ? {} : { createdApp: created }),
    store,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        // Live sessions end while the store is open: calls hang up and sockets finish (their
        // finals stored), then what is still open is stored as it stands.
        webSockets.stopAccepting();
        await Promise.allSettled([telephony.close(), streaming.close()]);
        await context.live.close();
        await webSockets.close();
        await queue.stop(options.jobGraceMs ?? 10_000);
        await runner.close?.();
        await notifier.drain();
        http.closeAllConnections();
        await stopped;
        await store.close();
        logger.log('info', 'server.closed', { url });
      })();
      return closing;
    },
  };
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
    reply = await dispatch(router, server, req, method, path, search);
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
): Promise<Reply> {
  const match = router.match(method, path);
  if (match.kind === 'not-found')
    return { status: 404, body: { message: `No such endpoint: ${method} ${path}` } };
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

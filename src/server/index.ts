/**
 * `parley/server`: Parley's Symbl-compatible HTTP and WebSocket server, started in-process, with
 * what its options take: the store it keeps conversations and jobs in, the job runner, the logger.
 * Several servers on one PostgreSQL database (`database: 'postgres://...'`, or a PostgresStore)
 * serve one deployment; the PostgreSQL driver is loaded only when one is opened.
 */

export type { RecognitionSettings } from '../engine/asr/RecognitionSettings.ts';
export type { RemoteRecognizerOptions } from '../engine/asr/RemoteRecognizer.ts';
export type { AppCredentials } from './auth/AppCredentials.ts';
export { createServer, type RunningServer, type ServerOptions } from './createServer.ts';
// Who runs the jobs: the JobRunner interface, and the default (the engine on worker threads).
export { conversationJobRunner } from './jobs/conversationJobRunner.ts';
export type { JobRunner, JobWork } from './jobs/JobRunner.ts';

export { WorkerJobRunner, type WorkerJobRunnerOptions } from './jobs/WorkerJobRunner.ts';
export { jsonLogger, type Logger, type LogLevel, silentLogger } from './Logger.ts';
export type { ServerLimits } from './ServerContext.ts';
// Where a server keeps its state: the Store interface, SQLite (the default), and PostgreSQL, shared
// by the nodes of a deployment.
export { PostgresStore, type PostgresStoreOptions } from './store/PostgresStore.ts';
export { SqliteStore } from './store/SqliteStore.ts';
export type { NewJob, Store } from './store/Store.ts';
export type {
  AppRecord,
  ConversationListQuery,
  ConversationRecord,
  InsightKind,
  InsightRecord,
  JobInput,
  JobOutcome,
  JobRecord,
  LiveSessionKind,
  LiveSessionOwner,
  MessagePage,
  MessageRecord,
  NewApp,
  NodeRecord,
  NodeRole,
  OmittableMessageField,
  ReattributionInput,
  TrackerRecord,
  WebhookDeliveryRecord,
  WebhookDeliveryState,
  WebhookSettlement,
} from './store/StoreRecords.ts';
export type { WebhookSenderOptions } from './webhooks/WebhookSender.ts';

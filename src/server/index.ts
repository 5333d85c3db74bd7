/**
 * `parley/server`: Parley's Symbl-compatible HTTP and WebSocket server, started in-process, with
 * what its options take: the store it keeps conversations and jobs in, the job runner, the logger.
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
// Where a server keeps its state: the Store interface, and SQLite, the default.
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
  MessageRecord,
  ReattributionInput,
  TrackerRecord,
} from './store/StoreRecords.ts';
export type { WebhookSenderOptions } from './webhooks/WebhookSender.ts';

import { z } from 'zod';

/*
 * The job API and job webhooks: `GET /v1/job/{jobId}` and the POST a server
 * sends to `webhookUrl` on every status change. Both are responses a client parses from Symbl's
 * cloud as well as from Parley's server, so they are loose objects (clients ignore extra fields);
 * the status itself is strict, because the Python SDK raises on any value outside the four.
 */

/** The four job states, in lifecycle order. No other value may appear on the wire. */
export const JOB_STATES = ['scheduled', 'in_progress', 'completed', 'failed'] as const;

/** A job's state: `scheduled` → `in_progress` → `completed` | `failed`. */
export const JobState = z.enum(JOB_STATES, {
  error: `expected one of ${JOB_STATES.join(', ')}`,
});
export type JobState = z.infer<typeof JobState>;

/** The states a job never leaves. */
export const TERMINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed'];

/** Whether `state` is final (`completed` or `failed`): polling stops and webhooks end there. */
export function isTerminalJobState(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}

/**
 * Whether a job may move from `from` to `to`. A job may fail before it starts (say its media URL
 * cannot be fetched), so `scheduled` → `failed` is allowed; `scheduled` → `completed` is not, and
 * terminal states never change. Staying in the same state is not a transition.
 */
export function canTransitionJob(from: JobState, to: JobState): boolean {
  if (from === 'scheduled') return to === 'in_progress' || to === 'failed';
  if (from === 'in_progress') return to === 'completed' || to === 'failed';
  return false;
}

/**
 * A job id: a UUID string (`"9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"`). Any 8-4-4-4-12 hex form is
 * accepted, whatever its version bits, since only the shape matters to a client.
 */
export const JobId = z.guid({ error: 'expected a job id (UUID)' });
export type JobId = z.infer<typeof JobId>;

/**
 * `GET /v1/job/{jobId}` → `{ id, status }`. No failure reason is documented; Parley's server adds
 * `error` on failed jobs (clients that do not know it ignore it) and `conversationId`.
 */
export const JobStatus = z.looseObject({
  /** The job id. */
  id: JobId,
  /** Where the job is in its lifecycle. */
  status: JobState,
  /** Parley extension: why a `failed` job failed, for people. */
  error: z.string().optional(),
  /** Parley extension: the conversation the job writes to. */
  conversationId: z.string().optional(),
});
export type JobStatus = z.infer<typeof JobStatus>;

/** The path parameters of `GET /v1/job/{jobId}`. */
export const JobPathParams = z.object({ jobId: JobId });
export type JobPathParams = z.infer<typeof JobPathParams>;

/**
 * The body POSTed to `webhookUrl` on each job status change: `{ jobId, status }`. Undocumented
 * extras, Parley's choice: Parley sends every transition including `scheduled`, and adds
 * `conversationId`.
 */
export const JobWebhookPayload = z.looseObject({
  /** The job whose status changed. */
  jobId: JobId,
  /** Its new status. */
  status: JobState,
  /** Parley extension: the job's conversation. */
  conversationId: z.string().optional(),
});
export type JobWebhookPayload = z.infer<typeof JobWebhookPayload>;

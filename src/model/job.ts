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
 * The stages a Parley server reports while a job is `in_progress`, in the order they happen:
 * `decoding` (reading and measuring the media), `recognizing` (speech to words), then
 * `separating_speakers` (diarization, when asked for), and `analyzing` (the insights; text jobs
 * have only this one). Servers may add stages: a client shows one it does not know by its name.
 */
export const JOB_STAGES = ['decoding', 'recognizing', 'separating_speakers', 'analyzing'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/**
 * Parley extension of the job status: how far an `in_progress` job has come. Symbl's clients
 * never see it (Symbl sends none) or ignore it (the status is a loose object). `percent` is the
 * share of the whole job done, stages weighted by the time they usually take; it never goes back
 * while one worker runs the job, but may restart when another worker takes over a job whose
 * worker died. Media jobs also say how long the audio is and how much of it has been recognised,
 * in seconds, so a client can show "12:40 of 58:02".
 */
export const JobProgress = z.looseObject({
  /** One of {@link JOB_STAGES}, or a stage a newer server added. */
  stage: z.string().min(1),
  /** Share of the job done, 0-100. */
  percent: z.number().min(0).max(100),
  /** Length of the job's audio in seconds (media jobs, once measured). */
  audioSeconds: z.number().nonnegative().optional(),
  /** Seconds of that audio recognised so far (media jobs). */
  recognizedSeconds: z.number().nonnegative().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * `GET /v1/job/{jobId}` → `{ id, status }`. No failure reason is documented; Parley's server adds
 * `error` on failed jobs (clients that do not know it ignore it), `conversationId`, and
 * `progress` while the job runs.
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
  /** Parley extension: the stage and share done of an `in_progress` job. */
  progress: JobProgress.optional(),
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

import { open, rm, stat } from 'node:fs/promises';
import {
  type AudioContainer,
  detectAudioFormat,
  FORMAT_SNIFF_BYTES,
} from '../../engine/audio/detectAudioFormat.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import type { ConversationRecord, JobRecord } from '../store/StoreRecords.ts';

/** A recording a completed job kept for its conversation's page. */
export interface KeptMedia {
  jobId: string;
  path: string;
  bytes: number;
  media: 'audio' | 'video';
  /** From the file's first bytes, never from what the uploader claimed. */
  contentType: string;
  /** Whether browsers play this container (WAV, MP3, AAC, MP4, Ogg, FLAC, WebM do). */
  playable: boolean;
  /** Where the recording starts in the conversation, in seconds (appends follow what came before). */
  offsetSeconds: number;
}

const CONTAINER_TYPES: Record<AudioContainer, { audio: string; video?: string; playable: boolean }> = {
  wav: { audio: 'audio/wav', playable: true },
  rf64: { audio: 'audio/wav', playable: false },
  mp3: { audio: 'audio/mpeg', playable: true },
  aac: { audio: 'audio/aac', playable: true },
  mp4: { audio: 'audio/mp4', video: 'video/mp4', playable: true },
  ogg: { audio: 'audio/ogg', playable: true },
  flac: { audio: 'audio/flac', playable: true },
  matroska: { audio: 'audio/webm', video: 'video/webm', playable: true },
  amr: { audio: 'audio/amr', playable: false },
  aiff: { audio: 'audio/aiff', playable: false },
  asf: { audio: 'audio/x-ms-wma', video: 'video/x-ms-asf', playable: false },
  caf: { audio: 'audio/x-caf', playable: false },
  au: { audio: 'audio/basic', playable: false },
};

/**
 * The recordings kept for a conversation, in the order its jobs ran. A kept job's recording
 * starts where the conversation ended before that job (how an append is placed), which is the
 * latest message end of the jobs before it. With `jobId`, only that job's recording (a player's
 * range requests open one file, not every kept one).
 */
export async function listKeptMedia(
  store: Store,
  conversation: ConversationRecord,
  jobId?: string,
): Promise<KeptMedia[]> {
  const all = await store.listConversationJobs(conversation.id);
  const jobs = all.filter(
    (job) =>
      job.status === 'completed' &&
      job.input.type === 'media' &&
      job.input.keep === true &&
      (jobId === undefined || job.id === jobId),
  );
  if (jobs.length === 0) return [];
  // Only their end times are read: words and sentiment are most of a message's bytes.
  const messages = await store.listMessages(conversation.id, { omit: ['words', 'sentiment'] });
  const jobSeq = new Map(all.map((j) => [j.id, j.seq]));
  const startMs = Date.parse(conversation.startTime ?? conversation.createdAt);
  const kept: KeptMedia[] = [];
  for (const job of jobs) {
    if (job.input.type !== 'media') continue;
    const described = await describeFile(job.input.path, job.input.media);
    if (described === undefined) continue;
    let endMs = startMs;
    for (const message of messages) {
      if ((jobSeq.get(message.jobId) ?? Number.POSITIVE_INFINITY) >= job.seq) continue;
      const end = Date.parse(String(message.body.endTime));
      if (Number.isFinite(end)) endMs = Math.max(endMs, end);
    }
    kept.push({ jobId: job.id, path: job.input.path, ...described, offsetSeconds: (endMs - startMs) / 1000 });
  }
  return kept;
}

async function describeFile(
  path: string,
  media: 'audio' | 'video',
): Promise<Pick<KeptMedia, 'bytes' | 'media' | 'contentType' | 'playable'> | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    const { size } = await stat(path);
    handle = await open(path, 'r');
    const head = Buffer.alloc(FORMAT_SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const types = CONTAINER_TYPES[detectAudioFormat(head.subarray(0, bytesRead))];
    const contentType = (media === 'video' ? types.video : undefined) ?? types.audio;
    return { bytes: size, media, contentType, playable: types.playable };
  } catch {
    // Removed by hand, or no longer readable as media: the page simply has no player for it.
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** Deletes the files of every media job of a conversation (called when it is deleted). */
export async function discardConversationMedia(jobs: readonly JobRecord[], logger: Logger): Promise<void> {
  for (const job of jobs) {
    if (job.input.type !== 'media') continue;
    try {
      await rm(job.input.path, { force: true });
    } catch (error) {
      logger.log('warn', 'conversation.media_delete_failed', { jobId: job.id, error });
    }
  }
}

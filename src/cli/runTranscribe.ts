import { statSync } from 'node:fs';
import { concat, ignoreElements, lastValueFrom, tap } from 'rxjs';
import type { Job } from '../async/Job.ts';
import { createClient } from '../client/createClient.ts';
import type { JobStatus } from '../model/job.ts';
import { fetchConversationSnapshot } from './fetchConversationSnapshot.ts';
import { formatConversation } from './formatConversation.ts';
import { type TranscribeFlags, transcribeParameters } from './transcribeParameters.ts';

const VIDEO_NAME = /\.(mp4|m4v|mov)$/i;

/** What a job status means to someone waiting at a terminal (`scheduled` was said on submission). */
function describe(status: JobStatus): string | undefined {
  if (status.status === 'in_progress') return 'recognising speech, then analysing';
  return status.status === 'completed' ? 'analysed' : undefined;
}

function sizeOf(path: string): string {
  try {
    return ` (${(statSync(path).size / 1_000_000).toFixed(1)} MB)`;
  } catch {
    return '';
  }
}

/**
 * Runs `parley transcribe`: submits the recording through the client (the configured server, or
 * with nothing configured the embedded engine), shows progress on stderr (upload, queued,
 * recognising, analysing), then prints the transcript with speakers and the insights (or, with
 * --json, the Conversation API objects) on stdout.
 */
export async function runTranscribe(input: string, flags: TranscribeFlags): Promise<void> {
  const parameters = transcribeParameters(input, flags);
  const say = (line: string) => process.stderr.write(`parley: ${line}\n`);
  let announced = false;
  const client = createClient({
    embedded: {
      onStart: ({ dataDir }) => {
        if (announced) return;
        announced = true;
        say(`no server configured: using the embedded engine (data in ${dataDir})`);
      },
    },
  });
  try {
    const isUrl = /^https?:\/\//i.test(input);
    const media = VIDEO_NAME.test(input.replace(/[?#].*$/, '')) ? client.video : client.audio;
    const job: Job = isUrl ? media.processUrl(input, parameters) : media.processFile(input, parameters);
    say(isUrl ? `submitting ${input}` : `uploading ${input}${sizeOf(input)}`);
    const watched = job.pipe(
      tap((status) => {
        const line = describe(status);
        if (line !== undefined) say(line);
      }),
    );
    const submitted = job.submitted.pipe(
      tap((s) => say(`queued: job ${s.jobId}, conversation ${s.conversationId}`)),
    );
    const snapshot = await lastValueFrom(
      concat(
        submitted.pipe(ignoreElements()),
        watched.pipe(ignoreElements()),
        fetchConversationSnapshot(job.conversation),
      ),
    );
    process.stdout.write(
      flags.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatConversation(snapshot),
    );
  } finally {
    await client.close();
  }
}

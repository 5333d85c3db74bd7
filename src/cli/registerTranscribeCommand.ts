import { statSync } from 'node:fs';
import type { Command } from 'commander';
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
 * `parley transcribe <file|url>`: submits the recording through the client (the configured
 * server, or with nothing configured the embedded engine), shows progress on stderr (upload,
 * queued, recognising, analysing), then prints the transcript with speakers and the insights
 * (or, with --json, the Conversation API objects) on stdout.
 */
export function registerTranscribeCommand(program: Command): void {
  program
    .command('transcribe')
    .description('transcribe a recording and print the transcript and insights')
    .argument(
      '<file|url>',
      'audio or video file (wav, mp3, m4a, ogg, flac, mp4, ...) or an http(s) URL of one',
    )
    .option('--json', 'print the Conversation API objects as JSON')
    .option('--diarize <n>', 'separate this many speakers in a mono recording')
    .option('--channels <names...>', 'one speaker per channel, named in channel order')
    .option('--entities', 'detect entities (people, organisations, dates, amounts, ...)')
    .option('--start-time <iso>', 'when the conversation started (resolves "tomorrow" and such)')
    .option('--accuracy <level>', 'fast (default) or best: a second, adapted recognition pass (slower)')
    .option(
      '--recognizer <backend>',
      "pocketsphinx or remote (the server's transcription server); default: the server's",
    )
    .action(async (input: string, flags: TranscribeFlags) => {
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
    });
}

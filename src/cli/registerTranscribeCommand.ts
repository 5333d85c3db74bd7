import type { Command } from 'commander';
import { transcribeAudio } from '../engine/transcribeAudio.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { formatConversation } from './formatConversation.ts';

interface TranscribeFlags {
  json?: boolean;
  diarize?: string;
  channels?: string[];
  entities?: boolean;
  startTime?: string;
}

function speakerCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new ValidationError('transcribe options', [
      { path: 'diarize', message: `expected a whole number of speakers from 1 to 20, got "${value}"` },
    ]);
  return n;
}

/**
 * `parley transcribe <file>`: the whole offline pipeline on one recording, printed for a terminal
 * (or as the Conversation API objects with --json). Progress goes to stderr, results to stdout.
 */
export function registerTranscribeCommand(program: Command): void {
  program
    .command('transcribe')
    .description('transcribe a recording offline and print the transcript and insights')
    .argument('<file>', 'audio or video file (wav, mp3, m4a, ogg, flac, mp4, ...)')
    .option('--json', 'print the Conversation API objects as JSON')
    .option('--diarize <n>', 'separate this many speakers in a mono recording')
    .option('--channels <names...>', 'one speaker per channel, named in channel order')
    .option('--entities', 'detect entities (people, organisations, dates, amounts, ...)')
    .option('--start-time <iso>', 'when the conversation started (resolves "tomorrow" and such)')
    .action(async (file: string, flags: TranscribeFlags) => {
      const diarizationSpeakerCount = speakerCount(flags.diarize);
      const channelMetadata = flags.channels?.map((name, i) => ({ channel: i + 1, speaker: { name } }));
      process.stderr.write(`parley: recognising ${file} offline...\n`);
      const snapshot = await transcribeAudio(file, {
        ...(flags.startTime === undefined ? {} : { startTime: flags.startTime }),
        ...(diarizationSpeakerCount === undefined
          ? {}
          : { enableSpeakerDiarization: true, diarizationSpeakerCount }),
        ...(channelMetadata === undefined
          ? {}
          : { enableSeparateRecognitionPerChannel: true, channelMetadata }),
        conversation: { detectEntities: flags.entities ?? false },
      });
      process.stdout.write(
        flags.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatConversation(snapshot),
      );
    });
}

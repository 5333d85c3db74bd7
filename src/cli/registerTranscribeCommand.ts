import type { Command } from 'commander';
import type { TranscribeFlags } from './transcribeParameters.ts';

/**
 * `parley transcribe <file|url>`: the transcript with speakers and the insights of a recording,
 * through the configured server or the embedded engine.
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
    .action(async (input: string, flags: TranscribeFlags) => {
      const { runTranscribe } = await import('./runTranscribe.ts');
      await runTranscribe(input, flags);
    });
}

import type { Command } from 'commander';
import { processIo } from './CommandIo.ts';
import type { ExitStatus } from './exitCodes.ts';
import { helpExamples } from './helpExamples.ts';
import type { TranscribeIo } from './runTranscribe.ts';
import type { TranscribeFlags } from './transcribeParameters.ts';

/**
 * `parley transcribe <files...>`: recordings (files, patterns, URLs) to transcripts and insights
 * through the client (the configured server, or the engine on this machine), with progress on
 * stderr and results on stdout or in files. The work lives in runTranscribe, loaded when the
 * command runs, so `parley --help` starts fast.
 */
export function registerTranscribeCommand(program: Command, exit: ExitStatus, io?: TranscribeIo): void {
  const command = program
    .command('transcribe')
    .description('transcripts, speakers and insights of recordings (text, json, srt, vtt, md)')
    .argument(
      '<files...>',
      'audio or video files (wav, mp3, m4a, ogg, flac, mp4, ...), patterns such as "calls/*.mp3", or http(s) URLs',
    )
    .option('-f, --format <formats>', 'text, json, srt, vtt, md, several as srt,vtt, or all', 'text')
    .option(
      '-o, --output <file|dir>',
      'write to this file, or to <dir>/<name>.<ext> per input and format (default: stdout)',
    )
    .option('--json', 'same as --format json')
    .option('--diarize <n>', 'separate this many speakers in a mono recording')
    .option('--channels <names...>', 'one speaker per channel, named in channel order')
    .option(
      '--vocabulary <words>',
      'words and phrases to favour (names, products, jargon), separated by commas; may be repeated',
      (value: string, previous: string[] = []) => [...previous, ...value.split(',')],
    )
    .option('--vocabulary-file <path>', 'more of them, one a line (# starts a comment)')
    .option(
      '--trackers <file.json>',
      'trackers to detect: a JSON array of {"name", "vocabulary": [...]} or {"id"}',
    )
    .option('--all-trackers', 'also detect every tracker stored with `parley trackers add`')
    .option(
      '--language <code>',
      'language of the speech (en-US, en-GB, ...; the API list, as far as the recogniser has a model)',
    )
    .option('--phone', 'telephone audio (8 kHz, narrow band)')
    .option('--entities', 'detect entities (people, organisations, dates, amounts, ...)')
    .option(
      '--start-time <iso>',
      'when the conversation started (resolves "tomorrow" and such); default: when the recording was made, as its file states, else now',
    )
    .option(
      '--timezone <zone>',
      "the speakers' time zone, for due dates (Europe/Berlin, -08:00); default: this machine's",
    )
    .option('--concurrency <n>', 'inputs uploaded and processed at once', '2')
    .option('-q, --quiet', 'print results and failures only, no progress')
    .option('--accuracy <level>', 'fast (default) or best: a second, adapted recognition pass (slower)')
    .option(
      '--recognizer <backend>',
      "pocketsphinx or remote (the server's transcription server); default: the server's",
    )
    .option('--open', "keep each recording, then print (and open) each conversation's page")
    .action(async (inputs: string[], flags: TranscribeFlags, self: Command) => {
      // Given on the command line, --json wins over the default text format.
      const format = self.getOptionValueSource('format') === 'default' ? undefined : flags.format;
      const { runTranscribe } = await import('./runTranscribe.ts');
      exit.code = await runTranscribe(inputs, { ...flags, format }, io ?? processIo());
    });
  command.addHelpText(
    'after',
    helpExamples([
      ['parley transcribe meeting.mp3 --diarize 2', 'two voices in one channel'],
      [
        'parley transcribe "calls/*.wav" --phone --format srt,json -o out/',
        'a folder of calls, two files each',
      ],
      [
        'parley transcribe standup.m4a --vocabulary Kubernetes,Grafana -f md',
        'favour some words, print Markdown',
      ],
    ]),
  );
}

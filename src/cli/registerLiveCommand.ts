import type { Command } from 'commander';
import { ValidationError } from '../errors/ValidationError.ts';
import { helpExamples } from './helpExamples.ts';
import type { LiveFlags, LiveIo } from './runLive.ts';

/**
 * `parley live`: live transcription and insights from the microphone (default), a file, ffmpeg,
 * RTP or raw PCM on stdin (`-`). Without --url/--token (or PARLEY_BASE_URL/PARLEY_TOKEN) the
 * offline engine runs in-process. Ctrl-C stops the audio and waits for the final results.
 */
export function registerLiveCommand(program: Command, io: LiveIo = process as unknown as LiveIo): void {
  program
    .command('live')
    .description('live transcript and insights from the microphone, a file, ffmpeg, RTP or stdin')
    .argument('[-]', 'read raw 16-bit little-endian mono PCM from stdin (rate: --rate)')
    .option('--file <path>', 'stream an audio or video file (paced to real time unless --fast)')
    .option('--ffmpeg <input>', 'stream whatever ffmpeg can open: file, URL, device (paced unless --fast)')
    .option('--rtp <port>', 'listen for RTP (PCMU, PCMA, L16) on this UDP port of 127.0.0.1')
    .option('--device <name>', 'microphone device (sox AUDIODEV / ALSA name)')
    .option('--rate <hz>', 'sample rate of the microphone or of stdin PCM', '16000')
    .option('--fast', 'send files as fast as the server takes them instead of in real time')
    .option('--insights <types...>', 'insight types: action_item question follow_up', [
      'action_item',
      'question',
      'follow_up',
    ])
    .option('--speaker <name>', 'name of the person speaking')
    .option(
      '--timezone <zone>',
      "the speakers' time zone, for due dates (Europe/Berlin, -08:00); default: this machine's",
    )
    .option('--url <url>', 'server base URL (default PARLEY_BASE_URL, else the local engine)')
    .option('--token <token>', 'access token (default PARLEY_TOKEN)')
    .option('--json', 'print every server event as a JSON line')
    .addHelpText(
      'after',
      helpExamples([
        ['parley live', 'the microphone, until Ctrl-C'],
        ['parley live --ffmpeg talk.mp4 --speaker Ana', 'a recording as if live'],
        ['arecord -f S16_LE -r 16000 -c 1 | parley live - --rate 16000', 'raw PCM on stdin'],
      ]),
    )
    .action(async (dash: string | undefined, flags: LiveFlags) => {
      if (dash !== undefined && dash !== '-') {
        throw new ValidationError('live options', [
          {
            path: 'source',
            message: `unexpected argument "${dash}" (use --file <path> for a file, - for stdin)`,
          },
        ]);
      }
      const { runLive } = await import('./runLive.ts');
      await runLive(dash === '-', flags, io);
    });
}

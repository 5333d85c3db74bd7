import type { Command } from 'commander';
import { type RecognitionSettings, recognitionSettingsFromEnv } from '../engine/asr/RecognitionSettings.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { RecognizerBackend } from '../model/asyncApi.ts';
import { serveCommand } from '../server/serveCommand.ts';
import { helpExamples } from './helpExamples.ts';

interface ServeFlags {
  host: string;
  port: string;
  dataDir?: string;
  recognizer?: string;
  recognizerUrl?: string;
  recognizerModel?: string;
  keepMedia?: boolean;
  publicUrl?: string;
}

/** The environment's recogniser settings with the command line's flags on top. */
function recognitionFromFlags(flags: ServeFlags): RecognitionSettings {
  const fromEnv = recognitionSettingsFromEnv(process.env);
  let backend = fromEnv.backend;
  if (flags.recognizer !== undefined) {
    const parsed = RecognizerBackend.safeParse(flags.recognizer);
    if (!parsed.success)
      throw new ValidationError('serve options', [
        { path: 'recognizer', message: 'expected pocketsphinx or remote' },
      ]);
    backend = parsed.data;
  }
  const url = flags.recognizerUrl ?? fromEnv.remote?.url;
  const model = flags.recognizerModel ?? fromEnv.remote?.model;
  return {
    ...(backend === undefined ? {} : { backend }),
    ...(url === undefined
      ? {}
      : { remote: { ...fromEnv.remote, url, ...(model === undefined ? {} : { model }) } }),
  };
}

/** `parley serve`: the Symbl-compatible HTTP server on this machine, until SIGTERM or Ctrl-C. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the Parley server (Symbl-compatible API) with the offline engine')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8080')
    .option('--data-dir <dir>', 'where conversations, jobs and credentials are kept (default ~/.parley)')
    .option(
      '--keep-media',
      'keep recordings after their jobs, for the conversation pages (costs their size on disk)',
    )
    .option('--public-url <url>', 'the address browsers reach this server at, for page links')
    .option(
      '--recognizer-url <url>',
      "an OpenAI-compatible transcription server (e.g. whisper.cpp's) to recognise with (default PARLEY_RECOGNIZER_URL); its key goes in PARLEY_RECOGNIZER_API_KEY",
    )
    .option(
      '--recognizer-model <name>',
      'model name sent to that server (default PARLEY_RECOGNIZER_MODEL, else whisper-1)',
    )
    .option(
      '--recognizer <backend>',
      'default recogniser for jobs and live sessions: pocketsphinx or remote (default: remote when a server is given)',
    )
    .addHelpText(
      'after',
      helpExamples([
        ['parley serve', 'on 127.0.0.1:8080, data in ~/.parley'],
        ['parley serve --host 0.0.0.0 --port 9000 --data-dir /srv/parley', 'for other machines'],
        ['PARLEY_APP_ID=team PARLEY_APP_SECRET=s3cret parley serve', 'credentials of your choosing'],
      ]),
    )
    .action(async (flags: ServeFlags) => {
      const server = await serveCommand({
        host: flags.host,
        port: flags.port,
        ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
        server: {
          recognition: recognitionFromFlags(flags),
          ...(flags.keepMedia ? { keepMedia: true } : {}),
          ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
        },
      });
      await server.closed;
    });
}

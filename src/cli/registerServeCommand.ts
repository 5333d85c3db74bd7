import type { Command } from 'commander';
import { serveCommand } from '../server/serveCommand.ts';
import { helpExamples } from './helpExamples.ts';

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
    .addHelpText(
      'after',
      helpExamples([
        ['parley serve', 'on 127.0.0.1:8080, data in ~/.parley'],
        ['parley serve --host 0.0.0.0 --port 9000 --data-dir /srv/parley', 'for other machines'],
        ['PARLEY_APP_ID=team PARLEY_APP_SECRET=s3cret parley serve', 'credentials of your choosing'],
      ]),
    )
    .action(
      async (flags: {
        host: string;
        port: string;
        dataDir?: string;
        keepMedia?: boolean;
        publicUrl?: string;
      }) => {
        const server = await serveCommand({
          host: flags.host,
          port: flags.port,
          ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          server: {
            ...(flags.keepMedia ? { keepMedia: true } : {}),
            ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
          },
        });
        await server.closed;
      },
    );
}

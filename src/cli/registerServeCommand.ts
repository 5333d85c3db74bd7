import type { Command } from 'commander';
import { serveCommand } from '../server/serveCommand.ts';
import { helpExamples } from './helpExamples.ts';
import { UsageError } from './UsageError.ts';

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
      '--allow-private-networks',
      'let media URLs, webhooks and SIP calls reach loopback and private addresses (on premises)',
    )
    .option('--trust-proxy', 'behind a reverse proxy: tell clients apart by the last X-Forwarded-For entry')
    .option('--shutdown-timeout <seconds>', 'how long a SIGTERM drain may take', '10')
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
        allowPrivateNetworks?: boolean;
        trustProxy?: boolean;
        shutdownTimeout: string;
      }) => {
        const server = await serveCommand({
          host: flags.host,
          port: flags.port,
          ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          server: {
            ...(flags.keepMedia ? { keepMedia: true } : {}),
            ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
            ...(flags.allowPrivateNetworks ? { allowPrivateNetworks: true } : {}),
            ...(flags.trustProxy ? { trustProxy: true } : {}),
            shutdownTimeoutMs: seconds(flags.shutdownTimeout, '--shutdown-timeout') * 1000,
          },
        });
        await server.closed;
      },
    );
}

function seconds(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new UsageError(option, `expected a number of seconds, got "${text}"`);
  return value;
}

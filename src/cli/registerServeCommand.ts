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
      '--database <url>',
      'a postgres:// URL: keep everything in PostgreSQL, shared by every node started with it (default PARLEY_DATABASE_URL, else SQLite in the data dir)',
    )
    .option(
      '--media-dir <dir>',
      'where uploads wait for their job (default PARLEY_MEDIA_DIR, else <data-dir>/media); with several nodes, one directory all of them mount at this path',
    )
    .option(
      '--role <role>',
      'api (requests and live sessions), worker (jobs) or all (default PARLEY_ROLE, else all)',
    )
    .option(
      '--node-id <id>',
      "this node's name in logs and leases (default PARLEY_NODE_ID, else <hostname>-<random>)",
    )
    .option(
      '--advertise-url <url>',
      'where the other nodes reach this one, for live sessions forwarded to it (default PARLEY_ADVERTISE_URL, else the listening address)',
    )
    .addHelpText(
      'after',
      helpExamples([
        ['parley serve', 'on 127.0.0.1:8080, data in ~/.parley'],
        ['PARLEY_APP_ID=team PARLEY_APP_SECRET=s3cret parley serve', 'credentials of your choosing'],
        [
          'parley serve --database postgres://parley@db:5432/parley --media-dir /mnt/parley-media --host 0.0.0.0',
          'one node of several sharing PostgreSQL and a media mount (add --role worker for jobs only)',
        ],
      ]),
    )
    .action(
      async (flags: {
        host: string;
        port: string;
        dataDir?: string;
        database?: string;
        mediaDir?: string;
        role?: string;
        nodeId?: string;
        advertiseUrl?: string;
      }) => {
        const server = await serveCommand({
          host: flags.host,
          port: flags.port,
          ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          ...(flags.database === undefined ? {} : { database: flags.database }),
          ...(flags.mediaDir === undefined ? {} : { mediaDir: flags.mediaDir }),
          ...(flags.role === undefined ? {} : { role: flags.role }),
          ...(flags.nodeId === undefined ? {} : { nodeId: flags.nodeId }),
          ...(flags.advertiseUrl === undefined ? {} : { advertiseUrl: flags.advertiseUrl }),
        });
        await server.closed;
      },
    );
}

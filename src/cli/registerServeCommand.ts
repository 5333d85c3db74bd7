import type { Command } from 'commander';
import { helpExamples } from './helpExamples.ts';
import type { ServeFlags } from './runServe.ts';

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
    .option(
      '--drain-delay <seconds>',
      'after SIGTERM, keep serving this long with /readyz at 503 so a load balancer moves traffic away first (default PARLEY_DRAIN_DELAY, else 0)',
    )
    .option(
      '--keep-media',
      'keep recordings after their jobs, for the conversation pages (costs their size on disk)',
    )
    .option(
      '--public-url <url>',
      'the address browsers and callers reach this server at, for page links and telephony URLs',
    )
    .option(
      '--timezone <zone>',
      'zone of conversations whose request names none, for "tomorrow" and due dates: Europe/Berlin, -08:00 (default PARLEY_TIMEZONE, else UTC)',
    )
    .option(
      '--allow-private-networks',
      'let media URLs, webhooks and SIP calls reach loopback and private addresses (on premises)',
    )
    .option(
      '--trust-proxy',
      'behind a reverse proxy: tell clients apart by the last X-Forwarded-For entry, and build page and telephony URLs from X-Forwarded-Proto/-Host',
    )
    .option(
      '--shutdown-timeout <seconds>',
      'how long a SIGTERM drain may take once the drain delay is over',
      '10',
    )
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
        ['PARLEY_APP_ID=team PARLEY_APP_SECRET=s3cret parley serve', 'credentials of your choosing'],
        [
          'parley serve --database postgres://parley@db:5432/parley --media-dir /mnt/parley-media --host 0.0.0.0',
          'one node of several sharing PostgreSQL and a media mount (add --role worker for jobs only)',
        ],
      ]),
    )
    .action(async (flags: ServeFlags) => {
      // Loaded here, not at the top: `parley --help` and the other commands never need the server.
      const { runServe } = await import('./runServe.ts');
      await runServe(flags);
    });
}

import type { Command } from 'commander';

/** `parley serve`: the Symbl-compatible HTTP server on this machine, until SIGTERM or Ctrl-C. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the Parley server (Symbl-compatible API) with the offline engine')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8080')
    .option('--data-dir <dir>', 'where conversations, jobs and credentials are kept (default ~/.parley)')
    .action(async (flags: { host: string; port: string; dataDir?: string }) => {
      // Loaded here, not at the top: `parley --help` and the other commands never need the server.
      const { serveCommand } = await import('../server/serveCommand.ts');
      const server = await serveCommand({
        host: flags.host,
        port: flags.port,
        ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
      });
      await server.closed;
    });
}

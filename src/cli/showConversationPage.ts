import { spawn } from 'node:child_process';
import { lastValueFrom } from 'rxjs';
import type { ParleyClient } from '../client/createClient.ts';

/**
 * How long the embedded engine may sit idle while a page is being served: as long as a timer can
 * wait (about 24 days). The command stops it on Ctrl-C.
 */
export const PAGE_SERVING_IDLE_MS = 2 ** 31 - 1;

/** What {@link showConversationPage} does besides making the link. */
export interface ShowPageOptions {
  /** Where the URL goes (stdout for `view`, the progress stream for `transcribe`). */
  print(url: string): void;
  /** Progress and notices. */
  say(line: string): void;
  /** Open the URL in the desktop's browser when there is a desktop (default true). */
  open?: boolean;
  /**
   * With the embedded engine, keep serving until Ctrl-C before returning (default true); a batch
   * shows every page first and serves once, after the last.
   */
  serve?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * Asks the server for the conversation's page (Experience API), prints its URL and, where a
 * desktop is present, opens it. With the embedded engine the page is served by this process, so
 * the command keeps serving until Ctrl-C (or SIGTERM) before it returns.
 */
export async function showConversationPage(
  client: ParleyClient,
  conversationId: string,
  options: ShowPageOptions,
): Promise<void> {
  const { url } = await lastValueFrom(
    client.conversations.createExperience(conversationId, { name: 'verbose-text-summary' }),
  );
  options.print(url);
  if (options.open !== false) openInBrowser(url, options.env ?? process.env, options.say);
  if (client.target !== 'embedded' || options.serve === false) return;
  options.say('the page is served by this process (embedded engine): press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Starts the desktop's URL opener, if this looks like a desktop session; never waits for it. */
function openInBrowser(url: string, env: NodeJS.ProcessEnv, say: (line: string) => void): void {
  const opener =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '', url]
        : env.DISPLAY || env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : undefined;
  if (opener === undefined) return;
  const [command, ...args] = opener as [string, ...string[]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore', env });
  child.on('error', () => say(`could not start ${command}; open the URL yourself`));
  child.unref();
}

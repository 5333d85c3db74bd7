import { createClient } from '../client/createClient.ts';
import { PAGE_SERVING_IDLE_MS, showConversationPage } from './showConversationPage.ts';

/** The options of `parley view`. */
export interface ViewFlags {
  open: boolean;
}

/**
 * Runs `parley view <conversationId>`: prints the page's URL and opens it where a desktop is
 * present; with nothing configured the embedded engine serves the page until Ctrl-C or idle.
 */
export async function runView(conversationId: string, flags: ViewFlags): Promise<void> {
  const say = (line: string) => process.stderr.write(`parley: ${line}\n`);
  const client = createClient({ embedded: { idleMs: PAGE_SERVING_IDLE_MS } });
  try {
    await showConversationPage(client, conversationId, {
      print: (url) => process.stdout.write(`${url}\n`),
      say,
      open: flags.open,
    });
  } finally {
    await client.close();
  }
}

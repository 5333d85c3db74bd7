import type { Command } from 'commander';
import { createClient } from '../client/createClient.ts';
import { PAGE_SERVING_IDLE_MS, showConversationPage } from './showConversationPage.ts';

/**
 * `parley view <conversationId>`: prints the URL of the conversation's page (transcript, player,
 * insights, charts, call score) and opens it where a desktop is present. With nothing configured
 * the embedded engine serves the page until Ctrl-C.
 */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description("print (and open) the URL of a conversation's page")
    .argument('<conversationId>', 'conversation id')
    .option('--no-open', 'only print the URL')
    .action(async (conversationId: string, flags: { open: boolean }) => {
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
    });
}

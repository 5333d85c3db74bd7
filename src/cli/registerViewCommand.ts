import type { Command } from 'commander';
import type { ViewFlags } from './runView.ts';

/**
 * `parley view <conversationId>`: prints the URL of the conversation's page (transcript, player,
 * insights, charts, call score) and opens it where a desktop is present. With nothing configured
 * the embedded engine serves the page until Ctrl-C. The work lives in runView, loaded when the
 * command runs.
 */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description("print (and open) the URL of a conversation's page")
    .argument('<conversationId>', 'conversation id')
    .option('--no-open', 'only print the URL')
    .action(async (conversationId: string, flags: ViewFlags) => {
      const { runView } = await import('./runView.ts');
      await runView(conversationId, flags);
    });
}

import type { Command } from 'commander';
import { type CommandIo, processIo } from './CommandIo.ts';
import { CONVERSATION_RESOURCES } from './conversationResources.ts';
import type { ExitStatus } from './exitCodes.ts';
import { helpExamples } from './helpExamples.ts';
import type { ListFlags, ShowFlags } from './runConversations.ts';

const RESOURCE_NAMES = Object.keys(CONVERSATION_RESOURCES).join(', ');

/**
 * `parley conversations list|show|delete`: the conversations stored on the configured server (or
 * by the engine on this machine), through the client's Conversation API. `parley conversation
 * <id> <resource>`, the older spelling of `show`, still works. The work is loaded when a command
 * runs.
 */
export function registerConversationsCommand(program: Command, exit: ExitStatus, io?: CommandIo): void {
  const conversations = program
    .command('conversations')
    .description('list, show or delete stored conversations');
  conversations.addHelpText(
    'after',
    helpExamples([
      ['parley conversations list --since 30d', 'the last month, newest first'],
      ['parley conversations show 5815170693595136 -f srt', 'subtitles of one conversation'],
      ['parley conversations delete 5815170693595136 --yes', 'delete without being asked'],
    ]),
  );

  const list = conversations
    .command('list')
    .description('list conversations, newest first (the API default: the last 7 days, 20 at most)')
    .option('--limit <n>', 'at most this many (default 20)')
    .option('--offset <n>', 'skip this many first')
    .option('--order <asc|desc>', 'order of the sort field', 'desc')
    .option('--sort <field>', 'conversation.startTime (default), conversation.endTime or conversation.name')
    .option('--since <when>', 'started at or after: an ISO date or time, or 90m, 12h, 30d, 2w ago')
    .option('--until <when>', 'started at or before (same forms)')
    .option('--filter <rsql>', 'an RSQL filter such as conversation.metadata.team==sales')
    .option('--json', 'print the Conversation API objects')
    .action(async (flags: ListFlags) => {
      const { runConversationsList } = await import('./runConversations.ts');
      exit.code = await runConversationsList(flags, io ?? processIo());
    });
  list.addHelpText(
    'after',
    helpExamples([
      ['parley conversations list', 'the last 7 days'],
      ['parley conversations list --since 2026-01-01 --limit 100', 'since New Year'],
      ['parley conversations list --filter conversation.metadata.team==sales --json', 'by metadata, as JSON'],
    ]),
  );

  const show = conversations
    .command('show')
    .description('print a conversation (text, json, srt, vtt or md), or one of its resources as JSON')
    .argument('<id>', 'conversation id')
    .argument('[resource]', RESOURCE_NAMES)
    .option('-f, --format <format>', 'text, json, srt, vtt or md (default text)')
    .action(async (id: string, resource: string | undefined, flags: ShowFlags) => {
      const { runConversationShow } = await import('./runConversations.ts');
      exit.code = await runConversationShow(id, resource, flags, io ?? processIo());
    });
  show.addHelpText(
    'after',
    helpExamples([
      ['parley conversations show 5815170693595136', 'transcript and insights'],
      ['parley conversations show 5815170693595136 -f vtt > talk.vtt', 'WebVTT subtitles'],
      ['parley conversations show 5815170693595136 action-items', 'one resource, as the API serves it'],
    ]),
  );

  const remove = conversations
    .command('delete')
    .description('delete conversations and everything in them (asks first on a terminal)')
    .argument('<ids...>', 'conversation ids')
    .option('-y, --yes', 'do not ask (required when not on a terminal)')
    .action(async (ids: string[], flags: { yes?: boolean }) => {
      const { runConversationsDelete } = await import('./runConversations.ts');
      exit.code = await runConversationsDelete(ids, flags, io ?? processIo());
    });
  remove.addHelpText(
    'after',
    helpExamples([
      ['parley conversations delete 5815170693595136', 'asks, then deletes'],
      [
        'parley conversations list --json | jq -r ".[].id" | xargs parley conversations delete --yes',
        'the whole list',
      ],
    ]),
  );

  program
    .command('conversation', { hidden: true })
    .description('older spelling of `conversations show <id> <resource>`')
    .argument('<id>', 'conversation id')
    .argument('<resource>', RESOURCE_NAMES)
    .action(async (id: string, resource: string) => {
      const { runConversationShow } = await import('./runConversations.ts');
      exit.code = await runConversationShow(id, resource, {}, io ?? processIo());
    });
}

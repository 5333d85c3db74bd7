import type { Command } from 'commander';
import { type CommandIo, processIo } from './CommandIo.ts';
import type { ExitStatus } from './exitCodes.ts';
import { helpExamples } from './helpExamples.ts';

/**
 * `parley trackers add|list|remove`: the trackers stored with the account (the Management API) on
 * the configured server or the engine on this machine. `parley transcribe --all-trackers` looks
 * for every one of them. The work is loaded when a command runs.
 */
export function registerTrackersCommand(program: Command, exit: ExitStatus, io?: CommandIo): void {
  const trackers = program.command('trackers').description('add, list or remove stored trackers');
  trackers.addHelpText(
    'after',
    helpExamples([
      ['parley trackers add pricing "price" "discount" "too expensive"', 'a tracker and its phrases'],
      ['parley transcribe call.wav --all-trackers', 'look for every stored tracker'],
      ['parley trackers remove pricing', 'by name or id'],
    ]),
  );

  const add = trackers
    .command('add')
    .description('store a tracker: a name and the phrases that make it fire')
    .argument('[name]', 'tracker name (unique)')
    .argument('[phrases...]', 'phrases to detect')
    .option('--file <trackers.json>', 'add every tracker in a JSON array of {"name", "vocabulary": [...]}')
    .action(async (name: string | undefined, phrases: string[], flags: { file?: string }) => {
      const { runTrackersAdd } = await import('./runTrackers.ts');
      exit.code = await runTrackersAdd(name, phrases, flags, io ?? processIo());
    });
  add.addHelpText(
    'after',
    helpExamples([
      ['parley trackers add competitors Acme Globex "Initech"', 'one tracker'],
      ['parley trackers add --file trackers.json', 'several at once'],
    ]),
  );

  const list = trackers
    .command('list')
    .description('list stored trackers')
    .option('--name <name>', 'only the tracker with exactly this name')
    .option('--json', 'print the Management API objects')
    .action(async (flags: { name?: string; json?: boolean }) => {
      const { runTrackersList } = await import('./runTrackers.ts');
      exit.code = await runTrackersList(flags, io ?? processIo());
    });
  list.addHelpText(
    'after',
    helpExamples([
      ['parley trackers list', 'a table'],
      ['parley trackers list --json > trackers.json', 'to edit and add elsewhere'],
    ]),
  );

  const remove = trackers
    .command('remove')
    .description('remove stored trackers, by id or name')
    .argument('<id-or-name...>', 'tracker ids or names')
    .action(async (keys: string[]) => {
      const { runTrackersRemove } = await import('./runTrackers.ts');
      exit.code = await runTrackersRemove(keys, io ?? processIo());
    });
  remove.addHelpText(
    'after',
    helpExamples([
      ['parley trackers remove pricing competitors', 'two, by name'],
      ['parley trackers remove 5703495453179904', 'by id'],
    ]),
  );
}

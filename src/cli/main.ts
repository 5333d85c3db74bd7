import { Command, CommanderError } from 'commander';
import { ParleyError } from '../errors/ParleyError.ts';
import { type CommandIo, processIo, say } from './CommandIo.ts';
import { EXIT_CODES, type ExitStatus } from './exitCodes.ts';
import { failureReason } from './failureReason.ts';
import { packageVersion } from './packageVersion.ts';
import { registerCallCommand } from './registerCallCommand.ts';
import { registerConversationsCommand } from './registerConversationsCommand.ts';
import { registerLiveCommand } from './registerLiveCommand.ts';
import { registerServeCommand } from './registerServeCommand.ts';
import { registerTrackersCommand } from './registerTrackersCommand.ts';
import { registerTranscribeCommand } from './registerTranscribeCommand.ts';
import { registerViewCommand } from './registerViewCommand.ts';
import { UsageError } from './UsageError.ts';

/** What `parley` alone and `parley --help` end with: the one command to try first. */
const START_HERE = `
Start here:
  $ parley transcribe meeting.mp3   # transcript, speakers and insights of a recording, on this machine

Each command's --help shows its options and examples. Exit codes: 0 done, 1 failed (each failure
named on stderr), 2 wrong command line (nothing done), 130 interrupted.
`;

/**
 * Builds the `parley` command tree. Each command registers here from its own file, which holds
 * only its flags; what it does (`run*.ts`, the server) is imported when it runs, so `parley --help`
 * and each command load only what they use. Transcribe, conversations and trackers read and write
 * through `io` (live, call and serve use the process's own streams).
 */
export function buildProgram(
  exit: ExitStatus = { code: EXIT_CODES.ok },
  io: CommandIo = processIo(),
): Command {
  const program = new Command('parley')
    .description('Conversation intelligence on Node.js: transcripts, insights, live sessions, calls.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(parley <command> --help shows its options and examples)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  registerTranscribeCommand(program, exit, io);
  registerConversationsCommand(program, exit, io);
  registerTrackersCommand(program, exit, io);
  registerServeCommand(program);
  registerCallCommand(program);
  registerLiveCommand(program);
  registerViewCommand(program);
  program.addHelpText('after', START_HERE);
  return program;
}

/**
 * Runs the CLI; resolves to the process exit code ({@link EXIT_CODES}). `parley` alone prints the
 * command list and where to start. Errors are printed with their stable code.
 */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const exit: ExitStatus = { code: EXIT_CODES.ok };
  const program = buildProgram(exit, io);
  if (argv.length <= 2) {
    program.outputHelp();
    return EXIT_CODES.ok;
  }
  try {
    await program.parseAsync([...argv]);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    if (error instanceof ParleyError) {
      say(io, failureReason(error));
      return error instanceof UsageError ? EXIT_CODES.usage : EXIT_CODES.failed;
    }
    throw error;
  }
}

import { Command, CommanderError } from 'commander';
import { ParleyError } from '../errors/ParleyError.ts';
import { packageVersion } from './packageVersion.ts';
import { registerCallCommand } from './registerCallCommand.ts';
import { registerConversationCommand } from './registerConversationCommand.ts';
import { registerLiveCommand } from './registerLiveCommand.ts';
import { registerServeCommand } from './registerServeCommand.ts';
import { registerTranscribeCommand } from './registerTranscribeCommand.ts';

/**
 * Builds the `parley` command tree. Each subcommand registers here from its own file, which holds
 * only its flags; what it does (`run*.ts`, the server) is imported when it runs, so `parley --help`
 * and each command load only what they use.
 */
export function buildProgram(): Command {
  const program = new Command('parley')
    .description('Conversation intelligence on Node.js: transcripts, insights, live sessions, calls.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerTranscribeCommand(program);
  registerConversationCommand(program);
  registerServeCommand(program);
  registerCallCommand(program);
  registerLiveCommand(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. Errors are printed with their stable code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ParleyError) {
      process.stderr.write(`parley: ${error.message} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}

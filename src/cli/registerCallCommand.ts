import type { Command } from 'commander';
import { helpExamples } from './helpExamples.ts';
import type { CallFlags, CallIo } from './runCall.ts';

/**
 * `parley call <sip-uri|phone-number>`: has the server (or the local engine) call the target and
 * prints the live transcript until the far end hangs up or Ctrl-C, then the conversation id.
 */
export function registerCallCommand(
  program: Command,
  io: CallIo = { stdout: process.stdout, stderr: process.stderr },
): void {
  program
    .command('call')
    .description('call a SIP URI or phone number and print the live transcript until hang-up or Ctrl-C')
    .argument(
      '<sip-uri|phone-number>',
      'sip:user@host, or a number with country code (through PARLEY_SIP_TRUNK)',
    )
    .option('--dtmf <keys>', 'keys to send once a phone call connects (, waits 500 ms)')
    .option('--url <url>', 'server base URL (default: PARLEY_BASE_URL, else the local engine)')
    .option('--token <token>', 'access token (default: PARLEY_TOKEN)')
    .option('--json', 'print every event as a JSON line')
    .addHelpText(
      'after',
      helpExamples([
        ['parley call sip:alice@10.0.0.5', 'a SIP phone, from the engine on this machine'],
        ['parley call +14155550123 --dtmf 1,,2', 'a number through PARLEY_SIP_TRUNK, then keys'],
        ['parley call sip:desk@pbx.local --json > call.jsonl', 'every event, for a program'],
      ]),
    )
    .action(async (target: string, flags: CallFlags) => {
      const { runCall } = await import('./runCall.ts');
      await runCall(target, flags, io);
    });
}

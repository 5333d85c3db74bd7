import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/CommandIo.ts';
import { main } from '../../src/cli/main.ts';

const home = mkdtempSync(join(tmpdir(), 'parley-main-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const recording = join(home, 'meeting.wav');
writeFileSync(recording, Buffer.alloc(64));

/** Runs `parley ...args` in this process with captured streams and nothing configured. */
async function parley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().on('data', (d) => (stdout += d));
  const err = new PassThrough().on('data', (d) => (stderr += d));
  const io: CommandIo = {
    stdin: Readable.from([]),
    stdout: out,
    stderr: err,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    cwd: home,
  };
  const code = await main(['node', 'parley', ...args], io);
  return { code, stdout, stderr };
}

describe('parley (in process)', () => {
  it('alone lists the commands and the one to try first, and exits 0', async () => {
    const { code, stdout } = await parley();
    expect(code).toBe(0);
    for (const command of ['transcribe', 'conversations', 'trackers', 'serve', 'live', 'call']) {
      expect(stdout).toMatch(new RegExp(`\\n  ${command} `));
    }
    expect(stdout).not.toMatch(/\n {2}conversation /);
    expect(stdout).toMatch(/Start here:\n {2}\$ parley transcribe meeting\.mp3/);
    expect(stdout).toMatch(/Exit codes: 0 done, 1 failed .* 2 wrong command line .* 130 interrupted/s);
  });

  it('ends the help of every command with two or three real examples', async () => {
    for (const command of [
      ['serve'],
      ['call'],
      ['live'],
      ['transcribe'],
      ['conversations'],
      ['conversations', 'list'],
      ['conversations', 'show'],
      ['conversations', 'delete'],
      ['trackers'],
      ['trackers', 'add'],
      ['trackers', 'list'],
      ['trackers', 'remove'],
    ]) {
      const { code, stdout } = await parley(...command, '--help');
      expect(code).toBe(0);
      const examples = (stdout.split('\nExamples:\n')[1] ?? '').match(/^ {2}\$ parley [a-z]+ .*# \w/gm) ?? [];
      expect(examples.length, command.join(' ')).toBeGreaterThanOrEqual(2);
      expect(examples.length, command.join(' ')).toBeLessThanOrEqual(3);
    }
  });

  it('refuses a wrong command line with exit code 2 and one line naming what is wrong, doing nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['transcribe', recording, '--format', 'docx'],
        /--format: expected text, json, srt, vtt, md or all, got "docx"/,
      ],
      [['transcribe', recording, '--json', '-f', 'srt'], /--json: --json means --format json/],
      [['transcribe', recording, '--diarize', 'two'], /--diarize: expected a whole number of speakers/],
      [
        ['transcribe', recording, '--language', 'xx-YY'],
        /--language: "xx-YY" is not a language code the API knows/,
      ],
      [
        ['transcribe', recording, '--language', 'fr-FR'],
        /--language: the engine on this machine recognises English only \(en-US, en-GB, en-AU, en-IE, en-IN, en-ZA\), not fr-FR/,
      ],
      [
        ['transcribe', recording, '-f', 'srt,vtt'],
        /--format: srt, vtt are several files per input: give -o <directory>/,
      ],
      [
        ['transcribe', recording, '--concurrency', '0'],
        /--concurrency: expected a whole number from 1 to 64/,
      ],
      [
        ['transcribe', recording, '--vocabulary-file', 'none.txt'],
        /--vocabulary-file: cannot read none\.txt: no such file/,
      ],
      [['transcribe', recording, '--trackers', 'meeting.wav'], /--trackers: meeting\.wav is not JSON/],
      [['transcribe', recording, '--bogus'], /unknown option '--bogus'/],
      [['transcribe'], /missing required argument 'files'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [
        ['conversations', 'show', '123', 'gossip'],
        /resource: expected one of conversation, messages, topics/,
      ],
      [['conversations', 'show', '123', 'messages', '-f', 'srt'], /--format: a resource prints as JSON/],
      [
        ['conversations', 'list', '--since', 'last tuesday'],
        /--since: expected an ISO 8601 date or time, or a span/,
      ],
      [['conversations', 'list', '--order', 'up'], /--order: expected asc or desc/],
      [['conversations', 'delete', '123'], /--yes: deleting conversation 123 cannot be undone: add --yes/],
      [['trackers', 'add', 'pricing'], /phrases: give a tracker name and at least one phrase/],
    ];
    for (const [args, message] of cases) {
      const result = await parley(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
    // Refused before the first request: the engine on this machine never started.
    expect(existsSync(join(home, '.local'))).toBe(false);
  });

  it('prints the version and exits 0', async () => {
    const { code, stdout } = await parley('--version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

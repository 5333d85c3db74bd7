import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { TmuxPane } from '../support/tmuxPane.ts';
import { PARLEY_SHELL_COMMAND } from './fixtures/parleyCommand.ts';

const bin = PARLEY_SHELL_COMMAND;
const home = mkdtempSync(join(tmpdir(), 'parley-terminal-'));
// Every pane's shell has exited (and written its history here) before this runs: TmuxPane.kill waits.
afterAll(() => rmSync(home, { recursive: true, force: true }));

let pane: TmuxPane | undefined;
afterEach(async () => {
  await pane?.kill();
  pane = undefined;
});

const ESCAPES = /\x1b\[[0-9;]*m/g;
/** A colour (foreground) code, as tmux writes one. */
const COLOUR = /\x1b\[(3\d|38;5;\d+)m/;
const plain = (screen: string) => screen.replace(ESCAPES, '');

/** A progress line of the meeting as drawn on a terminal: name, stage, bar, percent. */
const PROGRESS = /^meeting\.wav +recognising +[█░]{20} +(\d+)% /;

function progressLines(screen: string): RegExpExecArray[] {
  return screen.split('\n').flatMap((line) => {
    const match = PROGRESS.exec(line);
    return match ? [match] : [];
  });
}

async function shell(extraEnv: Record<string, string> = {}): Promise<TmuxPane> {
  const fixture = await synthesizeConversation('sample-meeting');
  copyFileSync(fixture.mixWav, join(home, 'meeting.wav'));
  const started = await TmuxPane.start(100, 30, { PATH: process.env.PATH ?? '', HOME: home, ...extraEnv });
  await started.type(`cd ${home}`);
  return started;
}

describe('parley transcribe in a terminal', () => {
  it('redraws one progress line in place as the percent moves, then clears it and prints the result', async () => {
    pane = await shell();
    await pane.type(`${bin} transcribe meeting.wav --diarize 2; echo "exit=$?"`);
    const seen: string[] = [];
    const painted = await pane.waitFor((s) => /^exit=\d+$/m.test(plain(s)), 240_000, seen, {
      history: true,
      escapes: true,
    });
    const final = plain(painted);

    expect(seen.some((s) => progressLines(plain(s)).length > 0 && COLOUR.test(s))).toBe(true);
    const during = seen.map(plain).filter((s) => progressLines(s).length > 0);
    // However long the run, the whole scrollback never holds more than one progress line for
    // the file: each update overwrote the last.
    for (const screen of seen) expect(progressLines(plain(screen)).length).toBeLessThanOrEqual(1);
    const percents = new Set(during.map((s) => Number(progressLines(s)[0]![1])));
    expect(percents.size).toBeGreaterThanOrEqual(2);
    // Time spent and time left are drawn on the same line.
    expect(during.some((s) => /recognising .*% +\d+:\d\d +~\d+:\d\d left/.test(s))).toBe(true);

    expect(final).toMatch(/^exit=0$/m);
    expect(progressLines(final)).toHaveLength(0);
    expect(final).toMatch(/^parley: meeting\.wav: done in \d+:\d\d \(conversation \d+\)$/m);
    expect(final).toMatch(/^Transcript$/m);
    expect(final).toMatch(/^ {2}\[00:0\d\] Speaker [12]: /m);
    expect(final.indexOf('done in')).toBeLessThan(final.indexOf('Transcript'));
  }, 300_000);

  it('paints nothing under NO_COLOR, and Ctrl-C stops with 130 naming the submitted conversation', async () => {
    pane = await shell({ NO_COLOR: '1' });
    await pane.type(`${bin} transcribe meeting.wav; echo "exit=$?"`);
    const during = await pane.waitFor((s) => progressLines(plain(s)).length === 1, 240_000, [], {
      escapes: true,
    });
    expect(during).not.toMatch(COLOUR);
    await pane.press('C-c');
    const final = await pane.waitFor((s) => /^exit=\d+$/m.test(s), 60_000);
    expect(final).toMatch(/^exit=130$/m);
    expect(final).toMatch(
      /^parley: meeting\.wav: interrupted; it was submitted as conversation \d+ \(parley conversations show \d+\)$/m,
    );
    expect(progressLines(final)).toHaveLength(0);
  }, 300_000);
});

import { PassThrough } from 'node:stream';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from '../../src/cli/ProgressDisplay.ts';
import { screenOf } from '../support/screenOf.ts';

/** A display on captured streams and virtual time; stdout and stderr share one "terminal". */
function setup(options: { live: boolean; quiet?: boolean; stdoutTty?: boolean }) {
  const scheduler = new VirtualTimeScheduler(VirtualAction, 60_000);
  let terminal = '';
  let stderrOnly = '';
  let stdoutOnly = '';
  const stderr = Object.assign(new PassThrough(), { isTTY: options.live, columns: 100 });
  const stdout = Object.assign(new PassThrough(), { isTTY: options.stdoutTty ?? options.live });
  stderr.on('data', (d) => {
    terminal += d;
    stderrOnly += d;
  });
  stdout.on('data', (d) => {
    terminal += d;
    stdoutOnly += d;
  });
  const display = new ProgressDisplay({
    streams: { stdout, stderr },
    live: options.live,
    color: false,
    quiet: options.quiet ?? false,
    scheduler,
  });
  const advance = (ms: number) => {
    // Time moves only as actions run: one at the target keeps the clock right with no ticker.
    scheduler.schedule(() => {}, ms);
    scheduler.maxFrames = scheduler.frame + ms;
    scheduler.flush();
  };
  return {
    display,
    advance,
    screen: () => screenOf(terminal),
    stderr: () => stderrOnly,
    stdout: () => stdoutOnly,
  };
}

describe('ProgressDisplay', () => {
  it('redraws one line per file in work in place, ticking time each second, and counts the batch', () => {
    const { display, advance, screen, stderr } = setup({ live: true });
    const a = display.add('a.wav');
    display.add('b.wav');
    display.update(a, { phase: 'uploading' });
    expect(screen()).toEqual([expect.stringMatching(/^a\.wav +uploading +0:00$/), '0 of 2 done, 1 waiting']);
    advance(2_000);
    display.update(a, { phase: 'processing', stage: 'recognizing', percent: 40 });
    advance(3_000);
    const shown = screen();
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/^a\.wav +recognising +█{8}░{12} +40% 0:05 ~0:05 left$/);
    expect(shown[1]).toBe('0 of 2 done, 1 waiting');
    // In place: the block was redrawn over itself, never scrolled.
    expect(stderr().split('\n').length).toBeGreaterThan(6);
    display.done(a, { conversationId: 'c1', written: ['out/a.txt'] });
    expect(screen()).toEqual([
      'parley: a.wav: done in 0:05 (conversation c1) → out/a.txt',
      '1 of 2 done, 1 waiting',
    ]);
    display.close();
    expect(screen()).toEqual(['parley: a.wav: done in 0:05 (conversation c1) → out/a.txt']);
    // Notes after closing (say, of files a Ctrl-C left unfinished) never bring the block back.
    display.note('b.wav: not transcribed (interrupted)');
    advance(3_000);
    expect(screen()).toEqual([
      'parley: a.wav: done in 0:05 (conversation c1) → out/a.txt',
      'parley: b.wav: not transcribed (interrupted)',
    ]);
  });

  it('writes results between redraws, so stdout on the same terminal never tears the block', () => {
    const { display, screen } = setup({ live: true });
    const a = display.add('a.wav');
    const b = display.add('b.wav');
    display.update(a, { phase: 'queued' });
    display.update(b, { phase: 'uploading' });
    display.result('Transcript\n  [00:01] Ana: Hello.\n');
    const shown = screen();
    expect(shown.slice(0, 2)).toEqual(['Transcript', '  [00:01] Ana: Hello.']);
    expect(shown.slice(2).map((l) => l.split(/ +/)[0])).toEqual(['a.wav', 'b.wav', '0']);
    display.close();
  });

  it('prints plain lines on a change of stage or tenth, and nothing twice', () => {
    const { display, advance, stderr } = setup({ live: false });
    const a = display.add('a.wav');
    display.update(a, { phase: 'uploading' });
    display.update(a, { phase: 'queued' });
    advance(1_000);
    for (const percent of [1, 5, 12, 13, 19, 25])
      display.update(a, { phase: 'processing', stage: 'recognizing', percent });
    advance(60_000);
    display.update(a, { phase: 'processing', stage: 'analyzing', percent: 99 });
    display.fail(a, 'the server went away');
    display.close();
    expect(stderr().split('\n').filter(Boolean)).toEqual([
      'parley: a.wav: uploading (0:00 elapsed)',
      'parley: a.wav: queued (0:00 elapsed)',
      'parley: a.wav: recognising 1% (0:01 elapsed)',
      'parley: a.wav: recognising 12% (0:01 elapsed)',
      'parley: a.wav: recognising 25% (0:01 elapsed)',
      'parley: a.wav: analysing 99% (1:01 elapsed, ~0:01 left)',
      'parley: a.wav: failed: the server went away',
    ]);
  });

  it('shows only failures and results when quiet', () => {
    const { display, stderr, stdout } = setup({ live: true, quiet: true });
    const a = display.add('a.wav');
    const b = display.add('b.wav');
    display.update(a, { phase: 'processing', stage: 'recognizing', percent: 50 });
    display.note('no server configured');
    display.done(a, { written: [] });
    display.result('text of a\n');
    display.fail(b, 'no such file');
    display.close();
    expect(stderr()).toBe('parley: b.wav: failed: no such file\n');
    expect(stdout()).toBe('text of a\n');
  });
});

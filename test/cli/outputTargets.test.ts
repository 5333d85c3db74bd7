import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TranscribeInput } from '../../src/cli/expandInputs.ts';
import { OUTPUT_FORMATS, outputFormats, outputTargets } from '../../src/cli/outputTargets.ts';
import { UsageError } from '../../src/cli/UsageError.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = (source: string, label = source): TranscribeInput => ({
  source,
  label,
  url: /^https?:/.test(source),
});

describe('outputFormats', () => {
  it('reads one format, a comma list, all, and --json, in order without repeats', () => {
    expect(outputFormats(undefined, undefined)).toEqual(['text']);
    expect(outputFormats(undefined, true)).toEqual(['json']);
    expect(outputFormats('SRT, vtt,srt', undefined)).toEqual(['srt', 'vtt']);
    expect(outputFormats('txt,markdown', undefined)).toEqual(['text', 'md']);
    expect(outputFormats('all', undefined)).toEqual([...OUTPUT_FORMATS]);
  });

  it('refuses an unknown format and --json with another format, naming the option', () => {
    expect(() => outputFormats('docx', undefined)).toThrow(UsageError);
    expect(() => outputFormats('docx', undefined)).toThrow(
      /--format: expected text, json, srt, vtt, md or all, got "docx"/,
    );
    expect(() => outputFormats('srt', true)).toThrow(/--json/);
  });
});

describe('outputTargets', () => {
  it('sends one format to stdout without -o, and refuses several', () => {
    expect(outputTargets([input('/a/x.wav'), input('/a/y.wav')], ['srt'], undefined)).toEqual([
      [{ format: 'srt' }],
      [{ format: 'srt' }],
    ]);
    expect(() => outputTargets([input('/a/x.wav')], ['srt', 'vtt'], undefined)).toThrow(
      /give -o <directory>/,
    );
  });

  it('writes one input in one format to the file named, and everything else into a directory', () => {
    expect(outputTargets([input('/a/x.wav')], ['srt'], 'subs.srt', dir)).toEqual([
      [{ format: 'srt', path: join(dir, 'subs.srt') }],
    ]);
    expect(outputTargets([input('/a/x.wav')], ['srt'], 'out/', dir)).toEqual([
      [{ format: 'srt', path: join(dir, 'out', 'x.srt') }],
    ]);
    expect(
      outputTargets(
        [input('/a/x.wav'), input('https://host/calls/y.mp3?sig=1')],
        ['text', 'json'],
        'out',
        dir,
      ),
    ).toEqual([
      [
        { format: 'text', path: join(dir, 'out', 'x.txt') },
        { format: 'json', path: join(dir, 'out', 'x.json') },
      ],
      [
        { format: 'text', path: join(dir, 'out', 'y.txt') },
        { format: 'json', path: join(dir, 'out', 'y.json') },
      ],
    ]);
    mkdirSync(join(dir, 'existing'));
    expect(outputTargets([input('/a/x.wav')], ['md'], 'existing', dir)).toEqual([
      [{ format: 'md', path: join(dir, 'existing', 'x.md') }],
    ]);
  });

  it('refuses before any work when two inputs would share a file, or a file must be a directory', () => {
    expect(() => outputTargets([input('/a/x.wav'), input('/b/x.mp3')], ['text'], 'out', dir)).toThrow(
      /\/a\/x\.wav and \/b\/x\.mp3 would both be written to .*x\.txt/,
    );
    writeFileSync(join(dir, 'taken'), '');
    expect(() => outputTargets([input('/a/x.wav'), input('/a/y.wav')], ['text'], 'taken', dir)).toThrow(
      /taken is a file, but 2 inputs × 1 formats need a directory/,
    );
  });
});

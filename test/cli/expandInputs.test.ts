import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/expandInputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-inputs-'));
beforeAll(() => {
  mkdirSync(join(dir, 'calls', 'old'), { recursive: true });
  for (const f of ['b.wav', 'a.wav', 'notes.txt', 'old/c.wav', 'odd[1].wav'])
    writeFileSync(join(dir, 'calls', f), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandInputs', () => {
  it('expands patterns in order (matches sorted), keeps files, URLs and order, and each file once', async () => {
    const { inputs, problems } = await expandInputs(
      ['calls/*.wav', 'https://example.com/x.mp3', 'calls/a.wav', 'calls/**/c.wav'],
      dir,
    );
    expect(problems).toEqual([]);
    expect(inputs.map((i) => i.label)).toEqual([
      'calls/a.wav',
      'calls/b.wav',
      'calls/odd[1].wav',
      'https://example.com/x.mp3',
      'calls/old/c.wav',
    ]);
    expect(inputs[0]!.source).toBe(join(dir, 'calls', 'a.wav'));
    expect(inputs[3]!.url).toBe(true);
  });

  it('takes an existing file literally even when its name looks like a pattern', async () => {
    const { inputs } = await expandInputs(['calls/odd[1].wav'], dir);
    expect(inputs.map((i) => i.label)).toEqual(['calls/odd[1].wav']);
  });

  it('names each argument that gives nothing, and still returns the others', async () => {
    const { inputs, problems } = await expandInputs(
      ['calls/missing.wav', 'calls', 'calls/*.flac', 'calls/a.wav', 'calls/{'],
      dir,
    );
    expect(inputs.map((i) => i.label)).toEqual(['calls/a.wav']);
    expect(problems).toEqual([
      { label: 'calls/missing.wav', reason: 'no such file' },
      {
        label: 'calls',
        reason: expect.stringMatching(/^is a directory; name its files or a pattern such as/),
      },
      { label: 'calls/*.flac', reason: 'matches no files' },
      { label: 'calls/{', reason: expect.stringMatching(/no such file|matches no files|pattern/) },
    ]);
  });
});

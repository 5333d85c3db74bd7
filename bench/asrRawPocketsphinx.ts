/**
 * The bench baseline: Debian's `pocketsphinx_continuous` run on a file exactly as a user would run
 * it (same en-us model and language model Parley loads by default), with word times.
 */
import { execFile } from 'node:child_process';
import { DEFAULT_MODEL_DIR } from '../src/engine/asr/pocketsphinxArguments.ts';

/** A word the raw engine printed, seconds from the start of the file. */
export interface RawWord {
  word: string;
  start: number;
  end: number;
}

/** What one raw run produced and how long it took. */
export interface RawRun {
  text: string;
  words: RawWord[];
  seconds: number;
}

/**
 * Runs pocketsphinx_continuous on a 16-bit WAV; `options.hmm` swaps the acoustic model and
 * `options.extra` adds arguments (e.g. an 8 kHz front end).
 */
export function rawPocketsphinx(
  wav: string,
  options: { hmm?: string; extra?: readonly string[] } = {},
): Promise<RawRun> {
  const args = [
    '-infile',
    wav,
    '-hmm',
    options.hmm ?? `${DEFAULT_MODEL_DIR}/en-us`,
    '-lm',
    `${DEFAULT_MODEL_DIR}/en-us.lm.bin`,
    '-dict',
    `${DEFAULT_MODEL_DIR}/cmudict-en-us.dict`,
    '-logfn',
    '/dev/null',
    '-time',
    'yes',
    ...(options.extra ?? []),
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('pocketsphinx_continuous', args, { maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      const words: RawWord[] = [];
      for (const line of stdout.split('\n')) {
        const parts = line.trim().split(/\s+/);
        if (parts.length !== 4 || !/^[\d.]+$/.test(parts[1] ?? '') || !/^[\d.]+$/.test(parts[2] ?? ''))
          continue;
        const word = (parts[0] as string).replace(/\(\d+\)$/, '');
        if (/^[<[]/.test(word)) continue;
        words.push({ word, start: Number(parts[1]), end: Number(parts[2]) });
      }
      resolve({ text: words.map((w) => w.word).join(' '), words, seconds });
    });
  });
}

import { execFileSync } from 'node:child_process';

/** flite phone names that differ from the CMU dictionary's (the rest only lose case and stress). */
const FLITE_TO_CMU: Readonly<Record<string, string>> = { ax: 'AH', axr: 'ER', dx: 'D', pau: '' };

/**
 * A CMU-dictionary pronunciation (e.g. `P AA R L IY`) for a word the dictionary lacks, from
 * flite's letter-to-sound rules (`t2p`, shipped with Debian's flite). Returns undefined when
 * t2p is missing or yields no phones.
 */
export function flitePronunciation(word: string): string | undefined {
  let output: string;
  try {
    output = execFileSync('t2p', [word], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
  const phones = output
    .trim()
    .split(/\s+/)
    .map((p) => p.replace(/\d/g, ''))
    .map((p) => FLITE_TO_CMU[p] ?? p.toUpperCase())
    .filter((p) => p !== '');
  return phones.length > 0 ? phones.join(' ') : undefined;
}

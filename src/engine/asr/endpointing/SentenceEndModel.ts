import type { PocketsphinxLibrary, Pointer } from '../pocketsphinxLibrary.ts';

/**
 * How likely the language model finds it that a sentence ends after the words heard so far:
 * the probability of `</s>` after the last two words, asked of the n-gram model the decoder
 * already searches with (the general one, or its blend with a custom vocabulary).
 */
export class SentenceEndModel {
  readonly #lib: PocketsphinxLibrary;
  readonly #lm: Pointer;
  readonly #logmath: Pointer;
  readonly #end: number;
  readonly #unknown: number;
  readonly #history = new Int32Array(2);

  constructor(lib: PocketsphinxLibrary, lm: Pointer, logmath: Pointer) {
    this.#lib = lib;
    this.#lm = lm;
    this.#logmath = logmath;
    this.#end = lib.ngram_wid(lm, '</s>');
    this.#unknown = lib.ngram_unknown_wid(lm);
  }

  /** log10 of P(`</s>` | the last two of `words`); `words` are plain dictionary words, oldest first. */
  log10EndProbability(words: readonly string[]): number {
    const history = this.#history;
    let length = 0;
    for (let i = words.length - 1; i >= 0 && length < 2; i -= 1) {
      const wid = this.#lib.ngram_wid(this.#lm, words[i] as string);
      if (wid === this.#unknown) break;
      history[length] = wid;
      length += 1;
    }
    if (length < 2 && length === Math.min(2, words.length))
      history[length++] = this.#lib.ngram_wid(this.#lm, '<s>');
    const score = this.#lib.ngram_ng_prob(this.#lm, this.#end, history, length, [0]);
    return this.#lib.logmath_log_to_ln(this.#logmath, score) / Math.LN10;
  }
}

import koffi from 'koffi';
import { DependencyMissingError } from '../../errors/DependencyMissingError.ts';

/** Opaque C handles; JavaScript code only passes them back to the library. */
export type Pointer = unknown;

/** The subset of libpocketsphinx / libsphinxbase (Debian 5prealpha ABI) Parley calls. */
export interface PocketsphinxLibrary {
  ps_args(): Pointer;
  cmd_ln_parse_r(inout: Pointer, defn: Pointer, argc: number, argv: string[], strict: number): Pointer;
  cmd_ln_free_r(config: Pointer): number;
  ps_init(config: Pointer): Pointer;
  ps_free(ps: Pointer): number;
  ps_start_utt(ps: Pointer): number;
  ps_start_stream(ps: Pointer): number;
  ps_end_utt(ps: Pointer): number;
  ps_process_raw(ps: Pointer, data: Int16Array, nSamples: number, noSearch: number, fullUtt: number): number;
  ps_get_in_speech(ps: Pointer): number;
  ps_get_hyp(ps: Pointer, outScore: number[] | null): string | null;
  ps_get_logmath(ps: Pointer): Pointer;
  logmath_exp(lmath: Pointer, logbP: number): number;
  ps_seg_iter(ps: Pointer): Pointer;
  ps_seg_next(seg: Pointer): Pointer;
  ps_seg_word(seg: Pointer): string;
  ps_seg_frames(seg: Pointer, outSf: number[], outEf: number[]): void;
  ps_seg_prob(seg: Pointer, outAscr: number[], outLscr: number[], outLback: number[]): number;
  ps_seg_free(seg: Pointer): void;
  ps_add_word(ps: Pointer, word: string, phones: string, update: number): number;
  ps_lookup_word(ps: Pointer, word: string): Pointer;
  ckd_free(ptr: Pointer): void;
  ps_get_lm(ps: Pointer, name: string | null): Pointer;
  ngram_model_add_word(lm: Pointer, word: string, weight: number): number;
  ps_set_lm(ps: Pointer, name: string, lm: Pointer): number;
  ps_set_search(ps: Pointer, name: string): number;
  ps_get_search(ps: Pointer): string | null;
  err_set_logfp(fp: Pointer): void;
  ngram_model_read(config: Pointer, path: string, fileType: number, lmath: Pointer): Pointer;
  ngram_model_set_init(
    config: Pointer,
    models: Pointer[],
    names: string[],
    weights: number[],
    count: number,
  ): Pointer;
  ngram_model_free(model: Pointer): number;
  ps_set_jsgf_string(ps: Pointer, name: string, jsgf: string): number;
  ngram_wid(model: Pointer, word: string): number;
  ngram_unknown_wid(model: Pointer): number;
  ngram_ng_prob(
    model: Pointer,
    wid: number,
    history: Int32Array,
    historyLength: number,
    outUsed: number[],
  ): number;
  logmath_log_to_ln(lmath: Pointer, logb: number): number;
}

const LIBRARY_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib',
  '/usr/local/lib',
];

let loaded: PocketsphinxLibrary | undefined;

function open(name: string): ReturnType<typeof koffi.load> {
  const errors: string[] = [];
  for (const dir of ['', ...LIBRARY_DIRS.map((d) => `${d}/`)]) {
    try {
      return koffi.load(`${dir}${name}`);
    } catch (error) {
      errors.push(String(error));
    }
  }
  throw new DependencyMissingError(
    `${name} not found; install Debian packages libpocketsphinx3 and pocketsphinx-en-us (${errors[0] ?? ''})`,
  );
}

/**
 * Binds the Debian pocketsphinx shared libraries once per thread. Throws
 * DependencyMissingError when they are not installed.
 */
export function pocketsphinxLibrary(): PocketsphinxLibrary {
  if (loaded) return loaded;
  const base = open('libsphinxbase.so.3');
  const ps = open('libpocketsphinx.so.3');
  const p = 'void *';
  loaded = {
    ps_args: ps.func('ps_args', p, []),
    cmd_ln_parse_r: base.func('cmd_ln_parse_r', p, [p, p, 'int32', 'const char **', 'int32']),
    cmd_ln_free_r: base.func('cmd_ln_free_r', 'int', [p]),
    ps_init: ps.func('ps_init', p, [p]),
    ps_free: ps.func('ps_free', 'int', [p]),
    ps_start_utt: ps.func('ps_start_utt', 'int', [p]),
    ps_start_stream: ps.func('ps_start_stream', 'int', [p]),
    ps_end_utt: ps.func('ps_end_utt', 'int', [p]),
    ps_process_raw: ps.func('ps_process_raw', 'int', [p, 'const int16_t *', 'size_t', 'int', 'int']),
    ps_get_in_speech: ps.func('ps_get_in_speech', 'uint8_t', [p]),
    ps_get_hyp: ps.func('ps_get_hyp', 'const char *', [p, '_Out_ int32_t *']),
    ps_get_logmath: ps.func('ps_get_logmath', p, [p]),
    logmath_exp: base.func('logmath_exp', 'double', [p, 'int']),
    ps_seg_iter: ps.func('ps_seg_iter', p, [p]),
    ps_seg_next: ps.func('ps_seg_next', p, [p]),
    ps_seg_word: ps.func('ps_seg_word', 'const char *', [p]),
    ps_seg_frames: ps.func('ps_seg_frames', 'void', [p, '_Out_ int *', '_Out_ int *']),
    ps_seg_prob: ps.func('ps_seg_prob', 'int32_t', [
      p,
      '_Out_ int32_t *',
      '_Out_ int32_t *',
      '_Out_ int32_t *',
    ]),
    ps_seg_free: ps.func('ps_seg_free', 'void', [p]),
    ps_add_word: ps.func('ps_add_word', 'int', [p, 'const char *', 'const char *', 'int']),
    ps_lookup_word: ps.func('ps_lookup_word', p, [p, 'const char *']),
    ckd_free: base.func('ckd_free', 'void', [p]),
    ps_get_lm: ps.func('ps_get_lm', p, [p, 'const char *']),
    ngram_model_add_word: base.func('ngram_model_add_word', 'int32_t', [p, 'const char *', 'float']),
    ps_set_lm: ps.func('ps_set_lm', 'int', [p, 'const char *', p]),
    ps_set_search: ps.func('ps_set_search', 'int', [p, 'const char *']),
    ps_get_search: ps.func('ps_get_search', 'const char *', [p]),
    err_set_logfp: base.func('err_set_logfp', 'void', [p]),
    ngram_model_read: base.func('ngram_model_read', p, [p, 'const char *', 'int', p]),
    ngram_model_set_init: base.func('ngram_model_set_init', p, [
      p,
      'void **',
      'const char **',
      'const float *',
      'int32',
    ]),
    ngram_model_free: base.func('ngram_model_free', 'int', [p]),
    ps_set_jsgf_string: ps.func('ps_set_jsgf_string', 'int', [p, 'const char *', 'const char *']),
    ngram_wid: base.func('ngram_wid', 'int32_t', [p, 'const char *']),
    ngram_unknown_wid: base.func('ngram_unknown_wid', 'int32_t', [p]),
    ngram_ng_prob: base.func('ngram_ng_prob', 'int32_t', [
      p,
      'int32_t',
      'int32_t *',
      'int32_t',
      '_Out_ int32_t *',
    ]),
    logmath_log_to_ln: base.func('logmath_log_to_ln', 'double', [p, 'int']),
  } as PocketsphinxLibrary;
  return loaded;
}

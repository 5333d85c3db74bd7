import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyMissingError } from '../../errors/DependencyMissingError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { resolveEndpointing } from './endpointing/EndpointingSettings.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

/** How much later than the decoder's own endpointer pocketsphinx's end-of-speech detector fires. */
const BACKSTOP_SECONDS = 0.1;

/** Debian's pocketsphinx-en-us model directory. */
export const DEFAULT_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/**
 * The pocketsphinx command-line arguments for a set of recogniser options. Telephone audio
 * (`mode: phone`) is upsampled to 16 kHz before it gets here: measured on a flite meeting,
 * native 8 kHz decoding (-samprate 8000 -nfft 256 with a copy of the model whose feat.params
 * caps -upperf at 3800) was worse than upsampling, so both modes use the 16 kHz front end.
 */
export function pocketsphinxArguments(options: RecognizerOptions): string[] {
  const modelDir = options.modelPath ?? DEFAULT_MODEL_DIR;
  const hmm = existsSync(join(modelDir, 'en-us', 'mdef')) ? join(modelDir, 'en-us') : modelDir;
  const dict = existsSync(join(modelDir, 'cmudict-en-us.dict'))
    ? join(modelDir, 'cmudict-en-us.dict')
    : join(hmm, 'dict');
  // pocketsphinx exit()s the whole process on a model it cannot load, so check what we can first.
  const missing = ['mdef', 'means', 'variances', 'transition_matrices'].filter(
    (f) => !isModelFile(join(hmm, f)),
  );
  if (missing.length > 0 || !isModelFile(dict)) {
    throw new DependencyMissingError(
      `pocketsphinx model incomplete under ${modelDir} (missing ${[...missing, ...(isModelFile(dict) ? [] : ['dictionary'])].join(', ')}); install pocketsphinx-en-us`,
    );
  }
  const args = ['-hmm', hmm, '-dict', dict, '-logfn', '/dev/null', '-samprate', '16000'];
  const lm = options.languageModel ?? 'default';
  if (lm === 'default') {
    args.push('-lm', join(modelDir, 'en-us.lm.bin'));
  } else if (/\.(gram|jsgf)$/i.test(lm)) {
    if (!existsSync(lm))
      throw new ValidationError('recognizer options', [
        { path: 'languageModel', message: `no grammar file at ${lm}` },
      ]);
    args.push('-jsgf', lm);
  } else {
    if (!existsSync(lm))
      throw new ValidationError('recognizer options', [
        { path: 'languageModel', message: `no language model file at ${lm}` },
      ]);
    args.push('-lm', lm);
  }
  if (options.mllr !== undefined) {
    if (!isModelFile(options.mllr))
      throw new ValidationError('recognizer options', [
        { path: 'mllr', message: `no MLLR transform at ${options.mllr}` },
      ]);
    args.push('-mllr', options.mllr);
  }
  if (options.endpointing !== undefined) {
    const { shortHangoverSeconds, longHangoverSeconds, flatPass } = resolveEndpointing(options.endpointing);
    if (
      !(
        shortHangoverSeconds >= 0.05 &&
        shortHangoverSeconds <= longHangoverSeconds &&
        longHangoverSeconds <= 2
      )
    )
      throw new ValidationError('recognizer options', [
        {
          path: 'endpointing',
          message: `expected 0.05 <= shortHangoverSeconds <= longHangoverSeconds <= 2, got ${shortHangoverSeconds} and ${longHangoverSeconds}`,
        },
      ]);
    // The decoder ends utterances itself; pocketsphinx's detector only backs it up, a little later.
    args.push('-vad_postspeech', String(Math.round((longHangoverSeconds + BACKSTOP_SECONDS) * 100)));
    if (!flatPass) args.push('-fwdflat', 'no');
  } else if (options.endOfSpeechSeconds !== undefined) {
    const seconds = options.endOfSpeechSeconds;
    if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 2)
      throw new ValidationError('recognizer options', [
        { path: 'endOfSpeechSeconds', message: `expected 0.05 to 2 seconds, got ${seconds}` },
      ]);
    // pocketsphinx counts its hangover in 10 ms frames.
    args.push('-vad_postspeech', String(Math.round(seconds * 100)));
  }
  return args;
}

/** A model file must exist and hold more than a stub (the smallest real one is kilobytes). */
function isModelFile(path: string): boolean {
  try {
    return statSync(path).size > 64;
  } catch {
    return false;
  }
}

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../errors/ValidationError.ts';

/** Where Debian's pocketsphinx model packages install their models, one directory per model. */
export const POCKETSPHINX_MODEL_ROOT = '/usr/share/pocketsphinx/model';

/**
 * The language codes each known pocketsphinx model recognises, by its directory name. The US
 * English model serves every English variant of the Symbl list: the words and the language model
 * are shared, and accents it was not trained on cost accuracy, not the language.
 */
const MODEL_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  'en-us': ['en-US', 'en-GB', 'en-AU', 'en-IE', 'en-IN', 'en-ZA'],
};

/** What this machine can recognise: the language codes, and the models they come from. */
export interface RecognitionLanguages {
  /** Codes a request may name (BCP-47, Symbl's spelling). */
  codes: readonly string[];
  /** Installed model directories (under {@link POCKETSPHINX_MODEL_ROOT}), whether known or not. */
  models: readonly string[];
}

const cached = new Map<string, RecognitionLanguages>();

/**
 * The languages the installed recogniser models cover. A model directory counts when it holds an
 * acoustic model (`mdef`, directly or one level down). Read once per root and kept: models are
 * installed with the system's package manager, not while a server runs.
 */
export function recognitionLanguages(root = POCKETSPHINX_MODEL_ROOT): RecognitionLanguages {
  let languages = cached.get(root);
  if (languages === undefined) {
    const models = installedModels(root);
    const codes = [...new Set(models.flatMap((model) => MODEL_LANGUAGES[model] ?? []))];
    languages = { codes, models };
    cached.set(root, languages);
  }
  return languages;
}

function installedModels(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => existsSync(join(root, name, 'mdef')) || existsSync(join(root, name, name, 'mdef')))
    .sort();
}

/**
 * Throws a ValidationError (400) unless `code` is a language the installed models recognise
 * (compared case-insensitively). The message names the codes that work and the models installed,
 * so a caller asking for French learns that no French model exists here instead of getting an
 * English transcript of French speech.
 */
export function checkRecognitionLanguage(
  code: string,
  subject: string,
  path: string,
  languages: RecognitionLanguages = recognitionLanguages(),
): void {
  if (languages.codes.some((known) => known.toLowerCase() === code.toLowerCase())) return;
  throw new ValidationError(subject, [{ path, message: unsupportedLanguageMessage(code, languages) }]);
}

/** Why `code` cannot be recognised, and what can be. */
export function unsupportedLanguageMessage(code: string, languages: RecognitionLanguages): string {
  const installed =
    languages.models.length === 0
      ? `no recogniser model is installed under ${POCKETSPHINX_MODEL_ROOT} (install pocketsphinx-en-us)`
      : `installed recogniser models: ${languages.models.join(', ')} under ${POCKETSPHINX_MODEL_ROOT}`;
  const supported = languages.codes.length === 0 ? 'no language' : `only ${languages.codes.join(', ')}`;
  return `cannot recognise ${code}: this server recognises ${supported} (${installed})`;
}

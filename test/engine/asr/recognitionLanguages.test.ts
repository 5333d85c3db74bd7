import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkRecognitionLanguage,
  recognitionLanguages,
} from '../../../src/engine/asr/recognitionLanguages.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A model root laid out as Debian's packages lay it out, with the given model directories. */
function modelRoot(layout: Record<string, 'nested' | 'flat' | 'empty'>): string {
  const root = mkdtempSync(join(tmpdir(), 'parley-models-'));
  roots.push(root);
  for (const [name, kind] of Object.entries(layout)) {
    const hmm = kind === 'nested' ? join(root, name, name) : join(root, name);
    mkdirSync(hmm, { recursive: true });
    if (kind !== 'empty') writeFileSync(join(hmm, 'mdef'), 'mdef');
  }
  return root;
}

describe('recognitionLanguages', () => {
  it('reads the installed models: en-us serves the English codes, unknown models add none', () => {
    const languages = recognitionLanguages(
      modelRoot({ 'en-us': 'nested', 'xx-yy': 'flat', broken: 'empty' }),
    );
    expect(languages.models).toEqual(['en-us', 'xx-yy']);
    expect(languages.codes).toEqual(['en-US', 'en-GB', 'en-AU', 'en-IE', 'en-IN', 'en-ZA']);
  });

  it('finds Debian pocketsphinx-en-us on this machine', () => {
    const languages = recognitionLanguages();
    expect(languages.models).toContain('en-us');
    expect(languages.codes).toContain('en-US');
  });

  it('refuses French with the codes that work and the models installed, any case accepted', () => {
    const languages = recognitionLanguages(modelRoot({ 'en-us': 'nested' }));
    expect(() => checkRecognitionLanguage('en-gb', 'request', 'languageCode', languages)).not.toThrow();
    let error: unknown;
    try {
      checkRecognitionLanguage('fr-FR', 'request', 'languageCode', languages);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issue = (error as ValidationError).issues[0];
    expect(issue?.path).toBe('languageCode');
    expect(issue?.message).toContain('cannot recognise fr-FR');
    expect(issue?.message).toContain('en-US, en-GB');
    expect(issue?.message).toContain('installed recogniser models: en-us');
  });

  it('says how to install a model when there is none', () => {
    const languages = recognitionLanguages(modelRoot({}));
    expect(() => checkRecognitionLanguage('en-US', 'request', 'languageCode', languages)).toThrow(
      /no recogniser model is installed .*pocketsphinx-en-us/,
    );
  });
});

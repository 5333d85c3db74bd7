import { statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { TranscribeInput } from './expandInputs.ts';
import { UsageError } from './UsageError.ts';

/** What `parley transcribe --format` can write. */
export const OUTPUT_FORMATS = ['text', 'json', 'srt', 'vtt', 'md'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The file extension each format is written with. */
export const FORMAT_EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  text: 'txt',
  json: 'json',
  srt: 'srt',
  vtt: 'vtt',
  md: 'md',
};

/** One output of one input: a format, and the file it goes to (none: stdout). */
export interface OutputTarget {
  format: OutputFormat;
  path?: string;
}

/**
 * `--format`: one format, several separated by commas (`srt,vtt`), or `all`; `--json` is
 * `--format json`. Default: text.
 * @throws UsageError naming an unknown format
 */
export function outputFormats(format: string | undefined, json: boolean | undefined): OutputFormat[] {
  if (json && format !== undefined && format !== 'json') {
    throw new UsageError('--json', `--json means --format json; it cannot go with --format ${format}`);
  }
  const names = (format ?? (json ? 'json' : 'text')).split(',').map((f) => f.trim().toLowerCase());
  if (names.includes('all')) return [...OUTPUT_FORMATS];
  const formats: OutputFormat[] = [];
  for (const name of names) {
    const known = name === 'txt' ? 'text' : name === 'markdown' ? 'md' : name;
    if (!(OUTPUT_FORMATS as readonly string[]).includes(known)) {
      throw new UsageError('--format', `expected ${OUTPUT_FORMATS.join(', ')} or all, got "${name}"`);
    }
    if (!formats.includes(known as OutputFormat)) formats.push(known as OutputFormat);
  }
  return formats;
}

/** The name an input's outputs are given: its file name without extension (for a URL, its last path segment). */
function stemOf(input: TranscribeInput): string {
  const name = input.url ? basename(new URL(input.source).pathname) : basename(input.source);
  const stem = name.slice(0, name.length - extname(name).length);
  return stem === '' ? 'transcript' : stem;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where each input's outputs go. Without `-o`, one format to stdout. With `-o`, a file when there
 * is one input and one format and the path is not a directory (nor ends with `/`); otherwise a
 * directory (made when missing) holding `<input name>.<ext>` per input and format. Decided before
 * any work starts, so a run never stops half way for a naming clash.
 * @throws UsageError when outputs cannot all have a place of their own
 */
export function outputTargets(
  inputs: readonly TranscribeInput[],
  formats: readonly OutputFormat[],
  output: string | undefined,
  cwd = process.cwd(),
): OutputTarget[][] {
  if (output === undefined) {
    if (formats.length > 1) {
      throw new UsageError(
        '--format',
        `${formats.join(', ')} are several files per input: give -o <directory>`,
      );
    }
    return inputs.map(() => [{ format: formats[0]! }]);
  }
  const path = resolve(cwd, output);
  const oneFile = inputs.length === 1 && formats.length === 1 && !/[/\\]$/.test(output) && !isDirectory(path);
  if (oneFile) return [[{ format: formats[0]!, path }]];
  try {
    if (!statSync(path).isDirectory()) {
      throw new UsageError(
        '-o',
        `${output} is a file, but ${inputs.length} inputs × ${formats.length} formats need a directory`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  const claimed = new Map<string, string>();
  return inputs.map((input) =>
    formats.map((format) => {
      const file = join(path, `${stemOf(input)}.${FORMAT_EXTENSIONS[format]}`);
      const other = claimed.get(file);
      if (other !== undefined && other !== input.label) {
        throw new UsageError(
          '-o',
          `${other} and ${input.label} would both be written to ${file}; transcribe them apart`,
        );
      }
      claimed.set(file, input.label);
      return { format, path: file };
    }),
  );
}

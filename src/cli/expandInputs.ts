import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** One recording to transcribe: a file or an http(s) URL, and how to name it to a person. */
export interface TranscribeInput {
  /** The path or URL to submit. */
  source: string;
  /** As the user would recognise it: the argument, or the matched path relative to the working directory. */
  label: string;
  url: boolean;
}

/** An argument that gave nothing to transcribe, and why (one line). */
export interface InputProblem {
  label: string;
  reason: string;
}

const URL_INPUT = /^https?:\/\//i;

async function fileProblem(path: string): Promise<string | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`;
  }
  if (info.isDirectory()) return `is a directory; name its files or a pattern such as '${path}/*.wav'`;
  if (!info.isFile()) return 'is not a regular file';
  try {
    await access(path, constants.R_OK);
  } catch {
    return 'cannot be read (permission denied)';
  }
  return undefined;
}

/**
 * The command line's inputs as files and URLs, in the order given (each pattern's matches
 * sorted), each file once. A pattern (`*.wav`, `calls/**\/*.mp3`, `{a,b}.m4a`) is expanded here,
 * so it works quoted and on shells that do not expand it; an argument naming an existing file is
 * that file even if it looks like a pattern. What gives nothing to transcribe (no such file, a
 * directory, unreadable, a pattern matching no file) is a problem of that argument alone.
 */
export async function expandInputs(
  args: readonly string[],
  cwd = process.cwd(),
): Promise<{ inputs: TranscribeInput[]; problems: InputProblem[] }> {
  const inputs: TranscribeInput[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (source: string, label: string) => {
    const key = URL_INPUT.test(source) ? source : resolve(cwd, source);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ source, label, url: URL_INPUT.test(source) });
  };
  for (const arg of args) {
    if (URL_INPUT.test(arg)) {
      add(arg, arg);
      continue;
    }
    const path = resolve(cwd, arg);
    const problem = await fileProblem(path);
    if (problem === undefined) {
      add(path, arg);
      continue;
    }
    if (problem !== 'no such file' || !isDynamicPattern(arg)) {
      problems.push({ label: arg, reason: problem });
      continue;
    }
    let matches: string[];
    try {
      matches = await glob(arg, { cwd, onlyFiles: true, absolute: true, expandDirectories: false });
    } catch (error) {
      problems.push({ label: arg, reason: `is not a pattern that can be read: ${(error as Error).message}` });
      continue;
    }
    if (matches.length === 0) {
      problems.push({ label: arg, reason: 'matches no files' });
      continue;
    }
    for (const match of matches.sort()) {
      const unreadable = await fileProblem(match);
      const label = isAbsolute(arg) ? match : relative(cwd, match);
      if (unreadable === undefined) add(match, label);
      else problems.push({ label, reason: unreadable });
    }
  }
  return { inputs, problems };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The copies of the wire spec's files that the model tests check (see its README). */
export const specDir = fileURLToPath(new URL('./spec/', import.meta.url));

export interface SpecExample {
  /** The spec file, e.g. `async-api.md`. */
  file: string;
  /** 0-based position among the file's ```json blocks. */
  index: number;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  /** The nearest Markdown heading above the block. */
  heading: string;
  /** The block's raw text. */
  text: string;
  /** The parsed JSON. */
  value: unknown;
}

/** Every ```json block of a spec file, parsed, with the heading it stands under. */
export function specExamples(file: string): SpecExample[] {
  const lines = readFileSync(specDir + file, 'utf8').split('\n');
  const examples: SpecExample[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '').trim();
    if (line.trim() !== '```json') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    const text = body.join('\n');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}:${start + 1} (${heading}): example is not JSON: ${(error as Error).message}`);
    }
    examples.push({ file, index: examples.length, line: start + 1, heading, text, value });
  }
  return examples;
}

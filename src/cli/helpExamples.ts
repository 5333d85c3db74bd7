/**
 * The end of a command's `--help`: real examples, each a command line and what it does, so the
 * help teaches by showing. For `command.addHelpText('after', helpExamples([...]))`.
 */
export function helpExamples(examples: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...examples.map(([line]) => line.length));
  const lines = examples.map(([line, what]) => `  $ ${line.padEnd(width)}  # ${what}`);
  return `\nExamples:\n${lines.join('\n')}\n`;
}

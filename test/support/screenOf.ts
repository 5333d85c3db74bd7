/**
 * What a terminal shows after `output`, for the few controls a line-redrawing display uses: text,
 * `\n`, `\r`, cursor up to column 1 (`ESC [ n F`) and erase below (`ESC [ J`); colour codes are
 * dropped. Lines do not wrap (displays that redraw in place must not let them).
 */
export function screenOf(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const controls = /\x1b\[(\d*)([A-Za-z])/y;
  for (let i = 0; i < output.length; ) {
    controls.lastIndex = i;
    const control = controls.exec(output);
    if (control) {
      const n = Number(control[1] || '1');
      if (control[2] === 'F') {
        row = Math.max(0, row - n);
        col = 0;
      } else if (control[2] === 'J') {
        lines.length = row + 1;
        lines[row] = (lines[row] ?? '').slice(0, col);
      }
      i = controls.lastIndex;
      continue;
    }
    const c = output[i++]!;
    if (c === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (c === '\r') {
      col = 0;
    } else {
      const line = (lines[row] ?? '').padEnd(col);
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

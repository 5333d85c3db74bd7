/**
 * Reads INI text the way Python's configparser reads `symbl.conf`: `[section]` headers,
 * `key = value` or `key: value` lines, `#` and `;` comment lines, keys lower-cased, values trimmed
 * (surrounding quotes removed). Returns sections by lower-cased name.
 */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim().toLowerCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const pair = /^([^=:]+)[=:](.*)$/.exec(line);
    if (!pair || current === undefined) continue;
    current.set(pair[1]!.trim().toLowerCase(), unquote(pair[2]!.trim()));
  }
  return sections;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

import { ProtocolError } from '../errors/ProtocolError.ts';

/*
 * The Python SDK sends its stop message as `str({'type': 'stop_request'})`, a Python repr rather
 * than JSON. Rather than matching that one
 * string, this reads the subset of Python literal syntax that `repr()` produces for JSON-like data
 * (dicts with string keys, lists, tuples, str, int, float, True, False, None), so any message the
 * Python SDK might send that way is understood. It is a reader for data, never an evaluator.
 */

const MAX_DEPTH = 64;

/**
 * Parses a Python literal as produced by `repr()` of JSON-like data. Throws a ProtocolError saying
 * what is wrong and where (character offset) when `text` is not such a literal.
 */
export function parsePythonLiteral(text: string): unknown {
  const reader = new LiteralReader(text);
  const value = reader.value(0);
  reader.skipBlanks();
  if (!reader.atEnd()) reader.fail('unexpected text after the literal');
  return value;
}

class LiteralReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(what: string): never {
    throw new ProtocolError(`Not a Python literal: ${what} at offset ${this.pos}`);
  }

  skipBlanks(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipBlanks();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    if (c === "'" || c === '"') return this.string(c);
    if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, meaning] of KEYWORDS) {
      if (this.text.startsWith(word, this.pos) && !/\w/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return meaning;
      }
    }
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private expect(c: string): void {
    this.skipBlanks();
    if (this.text[this.pos] !== c) this.fail(`expected ${JSON.stringify(c)}`);
    this.pos++;
  }

  /** Reads items up to `close`, allowing Python's trailing comma. */
  private items(close: string, readItem: () => void): void {
    this.pos++;
    this.skipBlanks();
    while (this.text[this.pos] !== close) {
      readItem();
      this.skipBlanks();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skipBlanks();
      } else if (this.text[this.pos] !== close) {
        this.fail(`expected "," or ${JSON.stringify(close)}`);
      }
    }
    this.pos++;
  }

  private dict(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.items('}', () => {
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.expect(':');
      const value = this.value(depth + 1);
      // defineProperty, so that a `__proto__` key is data, not a prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  private sequence(close: string, depth: number): unknown[] {
    const out: unknown[] = [];
    this.items(close, () => out.push(this.value(depth + 1)));
    return out;
  }

  private number(): number {
    const match = /^[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) this.fail('malformed number');
    this.pos += match[0].length;
    const n = Number(match[0].replace(/_/g, ''));
    if (!Number.isFinite(n)) this.fail('number out of range');
    return n;
  }

  private string(quote: string): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      if (e === undefined) this.fail('unterminated string');
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === 'x') out += this.codePoint(2);
      else if (e === 'u') out += this.codePoint(4);
      else if (e === 'U') out += this.codePoint(8);
      else if (e === '\n') continue;
      else out += `\\${e}`; // Python keeps unknown escapes verbatim.
    }
  }

  private codePoint(digits: number): string {
    const hex = this.text.slice(this.pos, this.pos + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail(`expected ${digits} hex digits`);
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) this.fail('code point out of range');
    this.pos += digits;
    return String.fromCodePoint(code);
  }
}

const KEYWORDS: readonly [string, unknown][] = [
  ['True', true],
  ['False', false],
  ['None', null],
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import { parsePythonLiteral } from '../../src/model/streamingPythonLiteral.ts';

/** Python's `repr()` of JSON-like data, as `str(dict)` in the Python SDK produces it. */
function pyRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

function pyString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === '\\') out += '\\\\';
    else if (c === quote) out += `\\${quote}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out + quote;
}

/** JSON-like values as Python would hold them (no -0, which Python prints as -0.0 and JavaScript as 0). */
const pyData = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)));

describe('parsePythonLiteral', () => {
  it("reads the Python SDK's stop message", () => {
    expect(parsePythonLiteral("{'type': 'stop_request'}")).toEqual({ type: 'stop_request' });
  });

  it('reads back whatever repr() writes for JSON-like data', () => {
    fc.assert(
      fc.property(pyData, (value) => {
        expect(parsePythonLiteral(pyRepr(value))).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it('reads tuples, trailing commas, escapes, underscores in numbers and both quote styles', () => {
    expect(
      parsePythonLiteral(
        "{'a': (1, 2,), 'b': [3,], \"c\": 'it\\'s', 'd': 1_000, 'e': -2.5e3, 'f': '\\u00e9\\x41\\q',}",
      ),
    ).toEqual({
      a: [1, 2],
      b: [3],
      c: "it's",
      d: 1000,
      e: -2500,
      f: 'éA\\q',
    });
  });

  it('keeps a __proto__ key as data', () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it.each([
    ['', 'unexpected end'],
    ["{'type': 'stop_request'", 'expected'],
    ["{'a' 1}", 'expected ":"'],
    ['{1: 2}', 'dict keys must be strings'],
    ["'unterminated", 'unterminated string'],
    ["{'a': 1} trailing", 'unexpected text after the literal'],
    ['Truex', 'unexpected character'],
    ["os.system('x')", 'unexpected character'],
    ['1e999', 'out of range'],
    ["'\\x4'", 'hex digits'],
    ['['.repeat(100), 'nesting deeper'],
  ])('rejects %j with a ProtocolError saying %s', (text, message) => {
    expect(() => parsePythonLiteral(text)).toThrow(ProtocolError);
    expect(() => parsePythonLiteral(text)).toThrow(message);
  });

  it('never throws anything but a ProtocolError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parsePythonLiteral(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A query-string value after decoding: a string, a list, or a nested object (`qs` brackets). */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/** Bounds on what one query string may build, so a hostile URL cannot blow up memory. */
const MAX_PARAMETERS = 1000;
const MAX_DEPTH = 5;
const MAX_INDEX = 1000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses a Conversation API query string into an object: repeated keys become lists, `qs`
 * bracket notation (`a[0]=x`, `a[]=x`, `a[0][channel]=1`) becomes lists and objects, `+` is a
 * space, and malformed percent-escapes are kept verbatim rather than rejected. (Async submit
 * options have their own reader, `readAsyncQuery` in src/model/asyncApi.ts.)
 */
export function parseQuery(search: string): Record<string, QueryValue> {
  const root: Record<string, unknown> = Object.create(null);
  const pairs = search.replace(/^\?/, '').split('&');
  let count = 0;
  for (const pair of pairs) {
    if (pair === '') continue;
    if (++count > MAX_PARAMETERS) break;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const path = keyPath(decodeComponent(rawKey));
    if (path === undefined) continue;
    assign(root, path, decodeComponent(rawValue));
  }
  return normalise(root) as Record<string, QueryValue>;
}

function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `a[0][b]` → `['a', '0', 'b']`, `a[]` → `['a', '']`; undefined for unusable keys. */
function keyPath(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return key === '' || FORBIDDEN_KEYS.has(key) ? undefined : [key];
  const head = key.slice(0, open);
  const rest = key.slice(open);
  const parts = [head];
  const pattern = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (const match of rest.matchAll(pattern)) {
    if (match.index !== consumed) return [key];
    parts.push(match[1]!);
    consumed += match[0].length;
  }
  if (consumed !== rest.length || parts.length > MAX_DEPTH + 1) return [key];
  if (parts.some((part) => FORBIDDEN_KEYS.has(part))) return undefined;
  return parts;
}

type Node = Record<string, unknown>;

function assign(root: Node, path: readonly string[], value: string): void {
  let node: Node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    const nextIsPush = path[i + 1] === '';
    const key = part === '' ? String(nextIndex(node)) : part;
    let child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) {
      // A scalar already sits here (`a=1&a[0]=2`): the structured form wins.
      child = Object.create(null) as Node;
      node[key] = child;
    }
    node = child as Node;
    if (nextIsPush && i === path.length - 2) break;
  }
  const last = path[path.length - 1]!;
  const key = last === '' ? String(nextIndex(node)) : last;
  const existing = node[key];
  if (existing === undefined) node[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else if (typeof existing === 'string') node[key] = [existing, value];
}

function nextIndex(node: Node): number {
  return Object.keys(node).length;
}

/** Objects whose keys are all small integers become arrays, in index order. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  const entries = keys.map((key) => [key, normalise(node[key])] as const);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key) && Number(key) <= MAX_INDEX)) {
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) out[key] = v;
  return out;
}

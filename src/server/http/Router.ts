import type { Route } from './Route.ts';

/** Result of matching a path: a route and its parameters, a 405 (path known, method not), or 404. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  segments: string[];
}

/**
 * Matches request paths against `:param` patterns. Literal segments beat parameters at the same
 * position (`/v1/process/audio/url` must win over `/v1/process/audio/{id}`), and
 * segments may contain a literal colon (`/oauth2/token:generate`).
 */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) this.#routes.push({ route, segments: splitPath(route.pattern) });
    return this;
  }

  /** `path` is the raw (still percent-encoded) path; undecodable segments match nothing. */
  match(method: string, path: string): RouteMatch {
    const rawSegments = splitPath(path);
    const segments: string[] = [];
    for (const raw of rawSegments) {
      try {
        segments.push(decodeURIComponent(raw));
      } catch {
        return { kind: 'not-found' };
      }
    }
    let best: { compiled: CompiledRoute; params: Record<string, string>; literals: number } | undefined;
    const allowed = new Set<string>();
    for (const compiled of this.#routes) {
      const matched = matchSegments(compiled.segments, segments);
      if (matched === undefined) continue;
      if (compiled.route.method !== method) {
        allowed.add(compiled.route.method);
        continue;
      }
      if (best === undefined || matched.literals > best.literals) best = { compiled, ...matched };
    }
    if (best !== undefined) return { kind: 'found', route: best.compiled.route, params: best.params };
    if (allowed.size > 0) return { kind: 'method-not-allowed', allowed: [...allowed].sort() };
    return { kind: 'not-found' };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): { params: Record<string, string>; literals: number } | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  let literals = 0;
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(':')) {
      params[expected.slice(1)] = actual;
    } else if (expected === actual) {
      literals++;
    } else {
      return undefined;
    }
  }
  return { params, literals };
}

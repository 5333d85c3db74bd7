import fc from 'fast-check';
import type { z } from 'zod';

/*
 * fast-check arbitraries derived from zod 4 schemas, for the model's property tests.
 *
 * `arbitraryFor(schema)` generates *inputs* the schema accepts: for piped and transformed (lenient)
 * schemas it generates from the input side, and every generated value is checked against the
 * schema it came from, so refinements the walker does not understand only cost some filtering,
 * never a false value.
 *
 * `arbitraryInvalid(schema)` takes a valid object and replaces one required field, somewhere in
 * the tree, with a value of the wrong type, returning the path it broke so a test can assert that
 * the error names it.
 */

type AnySchema = z.ZodType;
// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are untyped unions.
type Def = any;

const MAX_DEPTH = 4;

function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function checksOf(def: Def): Def[] {
  return (def.checks ?? []).map((c: Def) => c._zod?.def ?? c);
}

/** Values a schema accepts, generated from its definition. */
export function arbitraryFor<S extends AnySchema>(schema: S, depth = 0): fc.Arbitrary<z.input<S>> {
  return build(schema, depth).filter((v) => schema.safeParse(v).success) as fc.Arbitrary<z.input<S>>;
}

function build(schema: AnySchema, depth: number): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return numberArbitrary(def);
    case 'int':
      return fc.integer();
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'any':
    case 'unknown':
      return fc.jsonValue({ maxDepth: 2 });
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...(Object.values(def.entries) as unknown[]));
    case 'optional':
      return fc.option(arbitraryFor(def.innerType, depth), { nil: undefined });
    case 'nullable':
      return fc.option(arbitraryFor(def.innerType, depth), { nil: null });
    case 'default':
    case 'prefault':
      return fc.option(arbitraryFor(def.innerType, depth), { nil: undefined });
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(def.innerType, depth);
    case 'pipe': {
      // A string normalised into an enum (trim/lowercase then choice): generate the choices, in
      // several cases, rather than waiting for random strings to spell one.
      const out = defOf(def.out);
      if (defOf(def.in).type === 'string' && (out.type === 'enum' || out.type === 'literal')) {
        const choices = (out.type === 'enum' ? Object.values(out.entries) : out.values) as unknown[];
        const strings = choices.filter((c): c is string => typeof c === 'string');
        if (strings.length > 0)
          return fc
            .tuple(fc.constantFrom(...strings), fc.constantFrom('lower', 'upper', 'padded'))
            .map(([c, style]) => (style === 'upper' ? c.toUpperCase() : style === 'padded' ? ` ${c} ` : c));
      }
      return arbitraryFor(def.in, depth);
    }
    case 'lazy':
      return depth >= MAX_DEPTH ? fc.constant(undefined) : arbitraryFor(def.getter(), depth + 1);
    case 'array': {
      const checks = checksOf(def);
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max =
        checks.find((c) => c.check === 'max_length')?.maximum ?? Math.max(min, depth >= MAX_DEPTH ? 0 : 3);
      const exact = checks.find((c) => c.check === 'length_equals')?.length;
      return fc.array(arbitraryFor(def.element, depth + 1), {
        minLength: exact ?? min,
        maxLength: exact ?? Math.max(min, Math.min(max, min + 3)),
      });
    }
    case 'tuple':
      return fc.tuple(...(def.items as AnySchema[]).map((item) => arbitraryFor(item, depth + 1)));
    case 'object':
      return objectArbitrary(def, depth);
    case 'record': {
      const key =
        defOf(def.keyType).type === 'string'
          ? fc.string({ minLength: 1, maxLength: 8 })
          : build(def.keyType, depth);
      return fc.dictionary(key as fc.Arbitrary<string>, arbitraryFor(def.valueType, depth + 1), {
        maxKeys: 3,
      });
    }
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((option) => arbitraryFor(option, depth)));
    case 'intersection':
      return fc
        .tuple(arbitraryFor(def.left, depth), arbitraryFor(def.right, depth))
        .map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
    case 'custom':
    case 'transform':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(`arbitraryFor: zod type "${def.type}" is not supported yet`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectArbitrary(def: Def, depth: number): fc.Arbitrary<unknown> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [key, field] of Object.entries(def.shape as Record<string, AnySchema>)) {
    const fieldType = defOf(field).type;
    const optional = fieldType === 'optional' || fieldType === 'default' || fieldType === 'prefault';
    // Deep in the tree, leave optional branches out so generated objects stay small.
    if (optional && depth >= MAX_DEPTH) continue;
    model[key] = optional ? arbitraryFor(defOf(field).innerType, depth + 1) : arbitraryFor(field, depth + 1);
    if (!optional) requiredKeys.push(key);
  }
  return fc.record(model, { requiredKeys });
}

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  const checks = [def, ...checksOf(def)];
  for (const check of checks) {
    switch (check.format) {
      case 'uuid':
      case 'guid':
        return fc.uuid();
      case 'email':
        return fc.emailAddress();
      case 'url':
        return fc.webUrl();
      case 'datetime':
        return isoDate().map((d) =>
          check.offset ? d.toISOString().replace('Z', '+00:00') : d.toISOString(),
        );
      case 'date':
        return isoDate().map((d) => d.toISOString().slice(0, 10));
      case 'regex':
        return fc.stringMatching(withoutIgnoreCase(check.pattern));
      default:
        if (check.pattern instanceof RegExp && check.format)
          return fc.stringMatching(withoutIgnoreCase(check.pattern));
    }
  }
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? min + 20;
  const exact = checks.find((c) => c.check === 'length_equals')?.length;
  // Full-range code points cost seconds of fast-check warm-up per process; ASCII graphemes do not,
  // and the schemas here never branch on non-ASCII.
  return fc.string({ minLength: exact ?? min, maxLength: exact ?? max });
}

/** fast-check cannot generate from case-insensitive patterns; matches of the plain one still match. */
function withoutIgnoreCase(pattern: RegExp): RegExp {
  return pattern.flags.includes('i') ? new RegExp(pattern.source, pattern.flags.replace('i', '')) : pattern;
}

function isoDate(): fc.Arbitrary<Date> {
  return fc.date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2090-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const integer = checks.some((c) => c.check === 'number_format' && /int/.test(c.format));
  let min = -1e9;
  let max = 1e9;
  for (const c of checks) {
    if (c.check === 'greater_than') min = c.inclusive ? c.value : c.value + (integer ? 1 : 1e-9);
    if (c.check === 'less_than') max = c.inclusive ? c.value : c.value - (integer ? 1 : 1e-9);
  }
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A valid value with one required field replaced by a wrong-typed one, and that field's path. */
export interface InvalidSample {
  value: unknown;
  path: (string | number)[];
}

/**
 * Breaks one required scalar field of a valid object (at any depth reachable through required
 * object fields and non-empty arrays) by giving it a value of the wrong type.
 */
export function arbitraryInvalid(schema: AnySchema): fc.Arbitrary<InvalidSample> {
  // Without a breakable field the filter below would never yield: fail loudly instead.
  const probe = fc.sample(arbitraryFor(schema), { numRuns: 20, seed: 1 });
  const breakable = probe.some((valid) => {
    const targets: { path: (string | number)[]; field: AnySchema }[] = [];
    collectTargets(schema, valid, [], targets);
    return targets.length > 0;
  });
  if (!breakable)
    throw new Error('arbitraryInvalid: the schema has no required scalar field to break; test it by example');
  return fc
    .tuple(
      arbitraryFor(schema),
      fc.nat(),
      fc.constantFrom<unknown>(12345, 'not-a-valid-value', true, [], { x: 1 }),
    )
    .map(([valid, pick, wrong]) => {
      const targets: { path: (string | number)[]; field: AnySchema }[] = [];
      collectTargets(schema, valid, [], targets);
      const candidates = targets.filter((t) => !t.field.safeParse(wrong).success);
      if (candidates.length === 0) return undefined;
      const target = candidates[pick % candidates.length]!;
      return { value: setAt(structuredClone(valid), target.path, wrong), path: target.path };
    })
    .filter((sample): sample is InvalidSample => sample !== undefined);
}

function collectTargets(
  schema: AnySchema,
  value: unknown,
  path: (string | number)[],
  out: { path: (string | number)[]; field: AnySchema }[],
): void {
  const def = defOf(schema);
  if (def.type === 'pipe') {
    collectTargets(def.in, value, path, out);
    return;
  }
  if (def.type === 'object' && isPlainObject(value)) {
    for (const [key, field] of Object.entries(def.shape as Record<string, AnySchema>)) {
      const fieldType = defOf(field).type;
      if (fieldType === 'optional' || fieldType === 'default' || fieldType === 'prefault' || !(key in value))
        continue;
      if (['string', 'number', 'boolean', 'enum', 'literal'].includes(fieldType)) {
        out.push({ path: [...path, key], field });
      } else {
        collectTargets(field, value[key], [...path, key], out);
      }
    }
  } else if (def.type === 'array' && Array.isArray(value) && value.length > 0) {
    collectTargets(def.element, value[0], [...path, 0], out);
  }
}

function setAt(root: unknown, path: (string | number)[], leaf: unknown): unknown {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = leaf;
  return root;
}

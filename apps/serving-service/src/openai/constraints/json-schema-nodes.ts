/**
 * A JSON schema compiled into the value shapes constrained decoding writes. The output is a subset of what the
 * schema accepts: compact JSON (no whitespace), properties in the schema's order, no extra properties, strings
 * without escapes, numbers without exponents. Every node carries a witness: the shortest text it writes, which is
 * how a sequence near its token budget is steered to a valid end.
 */
export type SchemaNode = { witness: string } & (
  | { kind: 'object'; properties: { name: string; key: string; node: SchemaNode; required: boolean }[] }
  /** Any JSON object (json_object mode, or a property schema of `{type: "object"}` without properties). */
  | { kind: 'anyObject' }
  /** Any JSON value, nested at most ANY_DEPTH deep. */
  | { kind: 'any' }
  | { kind: 'array'; items: SchemaNode; minItems: number; maxItems: number }
  | { kind: 'string'; minLength: number; maxLength: number }
  | { kind: 'number'; integer: boolean; min: number; max: number; exclusiveMin: boolean; exclusiveMax: boolean }
  /** Fixed texts, one of which is written: literals, enums, consts, keys, string formats (one byte set per position). */
  | { kind: 'pattern'; templates: string[][] }
  | { kind: 'anyOf'; options: SchemaNode[] }
);

export class UnsupportedSchemaError extends Error {
  constructor(
    message: string,
    readonly keywords: string[] = [],
  ) {
    super(message);
  }
}

/** Keywords that describe and change nothing the output must satisfy. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$schema', '$id', '$comment', 'deprecated', 'readOnly', 'writeOnly', 'strict']);
const SUPPORTED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'format',
  '$ref',
  '$defs',
  'definitions',
]);

/**
 * Bounds that keep compiling and the state space small whatever a request sends. A recursive $ref unrolls
 * `refRecursion` times; below that its recursive branches are closed (optional properties left out, arrays empty,
 * anyOf options dropped), so the output is a finite-depth subset of what the schema accepts.
 */
export const SCHEMA_LIMITS = { nodes: 2000, depth: 24, enumValues: 256, properties: 256, stringLength: 4096, items: 1024, refRecursion: 4 };

/** A subschema that can write nothing: a recursive $ref past SCHEMA_LIMITS.refRecursion. */
const NEVER = null;
type Compiled = SchemaNode | typeof NEVER;

/** Options that can still write something; NEVER when none can. */
function anyOfNode(options: Compiled[]): Compiled {
  const open = options.filter((o): o is SchemaNode => o !== NEVER);
  if (open.length === 0) return NEVER;
  return { kind: 'anyOf', options: open, witness: shortest(open.map((o) => o.witness)) };
}

const DIGIT = '0123456789';
const HEX = '0123456789abcdef';
const literal = (text: string): string[] => Array.from(Buffer.from(text, 'utf8'), (b) => String.fromCharCode(b));
/** A JSON string's template: quotes around one byte set per position. */
const quoted = (positions: string[]): string[] => ['"', ...positions, '"'];
const times = (set: string, n: number) => Array.from({ length: n }, () => set);

/** Date formats as byte templates: every day 01–28 and month 01–12 is a valid date; the year is 1000–2999. */
const DATE_TEMPLATES: string[][] = ['0' + '123456789', '1' + '012']
  .map((month) => [month[0], month.slice(1)])
  .flatMap(([m1, m2]) => [['0', '123456789'], ['1', DIGIT], ['2', '012345678']].map(([d1, d2]) => ['12', ...times(DIGIT, 3), '-', m1, m2, '-', d1, d2]));
const TIME_TEMPLATES: string[][] = [['01', DIGIT], ['2', '0123']].map(([h1, h2]) => [h1, h2, ':', '012345', DIGIT, ':', '012345', DIGIT, 'Z']);
const FORMATS: Record<string, string[][]> = {
  date: DATE_TEMPLATES,
  'date-time': DATE_TEMPLATES.flatMap((date) => TIME_TEMPLATES.map((time) => [...date, 'T', ...time])),
  time: TIME_TEMPLATES,
  uuid: [[...times(HEX, 8), '-', ...times(HEX, 4), '-', ...times(HEX, 4), '-', ...times(HEX, 4), '-', ...times(HEX, 12)]],
};

const shortest = (texts: string[]) => texts.reduce((a, b) => (b.length < a.length ? b : a));
const templateText = (template: string[]) => template.map((set) => set[0]).join('');
const pattern = (templates: string[][]): SchemaNode => {
  const witnessBytes = templateText(templates.reduce((a, b) => (b.length < a.length ? b : a)));
  return { kind: 'pattern', templates, witness: Buffer.from(witnessBytes, 'latin1').toString('utf8') };
};

/** The JSON value `{type: "object"}` or `json_object` writes; also any value under `{}`. */
export const ANY_OBJECT: SchemaNode = { kind: 'anyObject', witness: '{}' };
const ANY: SchemaNode = { kind: 'any', witness: '0' };

/** The smallest-text number the bounds allow (integers where they can), or null when none can be written. */
function numberWitness(integer: boolean, min: number, max: number, exclusiveMin: boolean, exclusiveMax: boolean): string | null {
  const above = (v: number) => (exclusiveMin ? v > min : v >= min);
  const below = (v: number) => (exclusiveMax ? v < max : v <= max);
  const candidates = [0, Math.ceil(min), Math.floor(max), Math.ceil(min) + 1, Math.floor(max) - 1].filter((v) => Number.isSafeInteger(v) && above(v) && below(v));
  if (candidates.length > 0) return shortest(candidates.map(String));
  if (integer) return null;
  // Between two integers: the midpoint, which has a finite decimal form.
  const mid = (Math.max(min, -1e15) + Math.min(max, 1e15)) / 2;
  return above(mid) && below(mid) ? String(mid) : null;
}

/** Compiles a request's schema; throws UnsupportedSchemaError naming what cannot be honoured. */
export function compileSchema(schema: unknown): SchemaNode {
  let nodes = 0;
  /**
   * The schema resources being compiled, innermost last: the root and each subschema with an `$id` (as a tool's
   * parameters are embedded in the tool-call grammar), so `#/$defs/…` resolves in the resource it was written in.
   */
  const resources: unknown[] = [schema];
  /** How many times each $ref is being expanded on the current path. */
  const resolving = new Map<unknown, number>();

  const compile = (raw: unknown, where: string, depth: number): Compiled => {
    if (++nodes > SCHEMA_LIMITS.nodes) throw new UnsupportedSchemaError(`the schema has more than ${SCHEMA_LIMITS.nodes} subschemas`);
    if (depth > SCHEMA_LIMITS.depth) throw new UnsupportedSchemaError(`the schema nests deeper than ${SCHEMA_LIMITS.depth} levels at ${where}`);
    if (raw === true || (typeof raw === 'object' && raw !== null && Object.keys(raw).every((k) => ANNOTATIONS.has(k)))) return ANY;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UnsupportedSchemaError(`${where} must be a schema object`);
    const s = raw as Record<string, unknown>;
    const unknown = Object.keys(s).filter((k) => !SUPPORTED.has(k) && !ANNOTATIONS.has(k));
    if (unknown.length > 0) throw new UnsupportedSchemaError(`unsupported keyword${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} at ${where}`, unknown);
    if (typeof s.$id === 'string' && depth > 0) {
      resources.push(s);
      try {
        return compileKeywords(s, where, depth);
      } finally {
        resources.pop();
      }
    }
    return compileKeywords(s, where, depth);
  };

  const compileKeywords = (s: Record<string, unknown>, where: string, depth: number): Compiled => {
    if (typeof s.$ref === 'string') return compileRef(s.$ref, where, depth);
    if (s.const !== undefined) return pattern([literal(JSON.stringify(s.const))]);
    if (s.enum !== undefined) {
      if (!Array.isArray(s.enum) || s.enum.length === 0 || s.enum.length > SCHEMA_LIMITS.enumValues) {
        throw new UnsupportedSchemaError(`${where}.enum must list 1 to ${SCHEMA_LIMITS.enumValues} values`);
      }
      return pattern(s.enum.map((value) => literal(JSON.stringify(value))));
    }
    if (Array.isArray(s.anyOf)) {
      if (s.anyOf.length === 0) throw new UnsupportedSchemaError(`${where}.anyOf must list at least one schema`);
      return anyOfNode(s.anyOf.map((option, i) => compile(option, `${where}.anyOf[${i}]`, depth + 1)));
    }
    if (Array.isArray(s.type)) return anyOfNode(s.type.map((type) => compileTyped({ ...s, type }, where, depth)));
    return compileTyped(s, where, depth);
  };

  const compileTyped = (s: Record<string, unknown>, where: string, depth: number): Compiled => {
    switch (s.type) {
      case 'object':
        return compileObject(s, where, depth);
      case 'array': {
        const minItems = count(s.minItems, 0, `${where}.minItems`);
        const maxItems = Math.min(count(s.maxItems, SCHEMA_LIMITS.items, `${where}.maxItems`), SCHEMA_LIMITS.items);
        if (minItems > maxItems) throw new UnsupportedSchemaError(`${where}: minItems exceeds maxItems`);
        const items = s.items === undefined ? ANY : compile(s.items, `${where}.items`, depth + 1);
        // Items that can write nothing leave only the empty array.
        if (items === NEVER) return minItems > 0 ? NEVER : { kind: 'array', items: ANY, minItems: 0, maxItems: 0, witness: '[]' };
        return { kind: 'array', items, minItems, maxItems, witness: `[${Array(minItems).fill(items.witness).join(',')}]` };
      }
      case 'string': {
        if (s.format !== undefined) {
          const templates = FORMATS[s.format as string];
          if (!templates) throw new UnsupportedSchemaError(`unsupported string format "${String(s.format)}" at ${where} (supported: ${Object.keys(FORMATS).join(', ')})`, ['format']);
          return pattern(templates.map(quoted));
        }
        const minLength = count(s.minLength, 0, `${where}.minLength`);
        // A bound is one reader state per length (capped, which only narrows output); no bound keeps one state.
        const maxLength = Math.min(count(s.maxLength, Infinity, `${where}.maxLength`), s.maxLength === undefined ? Infinity : SCHEMA_LIMITS.stringLength);
        if (minLength > Math.min(maxLength, SCHEMA_LIMITS.stringLength)) throw new UnsupportedSchemaError(`${where}: minLength exceeds maxLength (or ${SCHEMA_LIMITS.stringLength})`);
        return { kind: 'string', minLength, maxLength, witness: `"${'a'.repeat(minLength)}"` };
      }
      case 'integer':
      case 'number': {
        const integer = s.type === 'integer';
        const bound = (value: unknown, name: string) => {
          if (value === undefined) return undefined;
          if (typeof value !== 'number' || !Number.isFinite(value)) throw new UnsupportedSchemaError(`${where}.${name} must be a number`);
          return value;
        };
        const [minimum, maximum, exMin, exMax] = [bound(s.minimum, 'minimum'), bound(s.maximum, 'maximum'), bound(s.exclusiveMinimum, 'exclusiveMinimum'), bound(s.exclusiveMaximum, 'exclusiveMaximum')];
        const exclusiveMin = exMin !== undefined && (minimum === undefined || exMin >= minimum);
        const exclusiveMax = exMax !== undefined && (maximum === undefined || exMax <= maximum);
        const min = (exclusiveMin ? exMin : minimum) ?? -1e15;
        const max = (exclusiveMax ? exMax : maximum) ?? 1e15;
        const witness = numberWitness(integer, min, max, exclusiveMin, exclusiveMax);
        if (witness === null) throw new UnsupportedSchemaError(`${where}: no ${s.type} lies within its bounds`);
        return { kind: 'number', integer, min, max, exclusiveMin, exclusiveMax, witness };
      }
      case 'boolean':
        return pattern([literal('true'), literal('false')]);
      case 'null':
        return pattern([literal('null')]);
      case undefined:
        return ANY;
      default:
        throw new UnsupportedSchemaError(`unsupported type ${JSON.stringify(s.type)} at ${where}`, ['type']);
    }
  };

  const compileObject = (s: Record<string, unknown>, where: string, depth: number): Compiled => {
    if (s.properties === undefined) return ANY_OBJECT;
    if (typeof s.properties !== 'object' || s.properties === null) throw new UnsupportedSchemaError(`${where}.properties must be an object`);
    const entries = Object.entries(s.properties as Record<string, unknown>);
    if (entries.length > SCHEMA_LIMITS.properties) throw new UnsupportedSchemaError(`${where} has more than ${SCHEMA_LIMITS.properties} properties`);
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const missing = [...required].filter((name) => !entries.some(([key]) => key === name));
    if (missing.length > 0) throw new UnsupportedSchemaError(`${where}.required names ${missing.join(', ')}, which properties does not define`);
    const compiled = entries.map(([name, sub]) => ({
      name,
      key: `${JSON.stringify(name)}:`,
      node: compile(sub, `${where}.properties.${name}`, depth + 1),
      required: required.has(name),
    }));
    // A required property that can write nothing closes the object; an optional one is left out.
    if (compiled.some((p) => p.required && p.node === NEVER)) return NEVER;
    const properties = compiled.filter((p): p is typeof p & { node: SchemaNode } => p.node !== NEVER);
    const witness = `{${properties
      .filter((p) => p.required)
      .map((p) => p.key + p.node.witness)
      .join(',')}}`;
    return { kind: 'object', properties, witness };
  };

  const compileRef = (ref: string, where: string, depth: number): Compiled => {
    const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
    const resource = resources[resources.length - 1] as Record<string, unknown>;
    const definitions = match ? (resource[match[1]] as Record<string, unknown> | undefined) : undefined;
    if (!match || !definitions || !Object.hasOwn(definitions, match[2])) {
      throw new UnsupportedSchemaError(`unresolvable $ref "${ref}" at ${where} (only local #/$defs/… and #/definitions/…; remote references are not fetched)`, ['$ref']);
    }
    // Keyed by the definition itself: the same "#/$defs/x" text names different schemas in different resources.
    const target = definitions[match[2]];
    const expansions = resolving.get(target) ?? 0;
    if (expansions >= SCHEMA_LIMITS.refRecursion) return NEVER;
    resolving.set(target, expansions + 1);
    try {
      return compile(target, ref, depth + 1);
    } finally {
      resolving.set(target, expansions);
    }
  };

  const count = (value: unknown, fallback: number, where: string): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || (value as number) < 0) throw new UnsupportedSchemaError(`${where} must be a non-negative integer`);
    return value as number;
  };

  const compiled = compile(schema, 'schema', 0);
  if (compiled === NEVER) throw new UnsupportedSchemaError(`the schema's recursive $ref never ends within ${SCHEMA_LIMITS.refRecursion} levels: give it an optional or empty branch`, ['$ref']);
  return compiled;
}

import { SchemaNode } from './json-schema-nodes';

/**
 * A pushdown reader of JSON bytes against compiled schema nodes. A stack is the frames still open, innermost last;
 * each frame's phase already says what it expects once the frame above it completes. A state is every stack still
 * possible (anyOf, optional properties and enum members keep several alive until the bytes tell them apart).
 */
export type Frame =
  | { t: 'value'; node: SchemaNode; depth: number }
  /** Properties from `next` on are still to come; `open`: right after `{`, `after`: after a value, `comma`: after `,`. */
  | { t: 'object'; node: Extract<SchemaNode, { kind: 'object' }>; next: number; phase: 'open' | 'after' | 'comma' }
  | { t: 'anyObject'; depth: number; phase: 'open' | 'colon' | 'after' | 'comma' }
  | { t: 'array'; items: SchemaNode; minItems: number; maxItems: number; count: number; depth: number; phase: 'open' | 'after' | 'comma' }
  /** Inside a string: characters so far, and UTF-8 continuation bytes still owed. */
  | { t: 'string'; minLength: number; maxLength: number; length: number; owed: number }
  | { t: 'number'; node: Extract<SchemaNode, { kind: 'number' }>; text: string }
  /** Matching one fixed template, `at` bytes in. */
  | { t: 'pattern'; template: string[]; at: number };

export type Stack = readonly Frame[];

/** Nesting a free-form value (json_object) may reach; deeper, only scalars. */
const ANY_DEPTH = 6;
/** Digits a number may have before and after its point. */
const INTEGER_DIGITS = 15;
const FRACTION_DIGITS = 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

const replaceTop = (stack: Stack, ...frames: Frame[]): Stack => [...stack.slice(0, -1), ...frames];

/** The stacks a byte leads to (none: the byte is not allowed here). */
export function feed(stack: Stack, b: number): Stack[] {
  const top = stack[stack.length - 1];
  if (!top) return [];
  switch (top.t) {
    case 'value':
      return startValue(stack.slice(0, -1), top.node, top.depth, b);
    case 'object':
      return feedObject(stack, top, b);
    case 'anyObject':
      return feedAnyObject(stack, top, b);
    case 'array':
      return feedArray(stack, top, b);
    case 'string':
      return feedString(stack, top, b);
    case 'number':
      return feedNumber(stack, top, b);
    case 'pattern':
      if (!top.template[top.at].includes(String.fromCharCode(b))) return [];
      return [top.at + 1 === top.template.length ? stack.slice(0, -1) : replaceTop(stack, { ...top, at: top.at + 1 })];
  }
}

/** A value of `node` begins with byte b on top of `below`. */
function startValue(below: Stack, node: SchemaNode, depth: number, b: number): Stack[] {
  const push = (frame: Frame) => feed([...below, frame], b);
  switch (node.kind) {
    case 'object':
      return b === 0x7b ? [[...below, { t: 'object', node, next: 0, phase: 'open' }]] : [];
    case 'anyObject':
      return b === 0x7b ? [[...below, { t: 'anyObject', depth, phase: 'open' }]] : [];
    case 'array':
      return b === 0x5b ? [[...below, { t: 'array', items: node.items, minItems: node.minItems, maxItems: node.maxItems, count: 0, depth, phase: 'open' }]] : [];
    case 'string':
      return b === QUOTE ? [[...below, { t: 'string', minLength: node.minLength, maxLength: node.maxLength, length: 0, owed: 0 }]] : [];
    case 'number':
      return push({ t: 'number', node, text: '' });
    case 'pattern':
      return node.templates.flatMap((template) => push({ t: 'pattern', template, at: 0 }));
    case 'anyOf':
      return node.options.flatMap((option) => startValue(below, option, depth, b));
    case 'any':
      return ANY_CHOICES(depth).flatMap((option) => startValue(below, option, depth + 1, b));
  }
}

const FREE_NUMBER: SchemaNode = { kind: 'number', integer: false, min: -1e15, max: 1e15, exclusiveMin: false, exclusiveMax: false, witness: '0' };
const FREE_STRING: SchemaNode = { kind: 'string', minLength: 0, maxLength: Infinity, witness: '""' };
const LITERALS: SchemaNode = { kind: 'pattern', templates: ['true', 'false', 'null'].map((t) => Array.from(t)), witness: 'null' };
const ANY_OBJECT: SchemaNode = { kind: 'anyObject', witness: '{}' };
const ANY_ARRAY: SchemaNode = { kind: 'array', items: { kind: 'any', witness: '0' }, minItems: 0, maxItems: Infinity, witness: '[]' };
const ANY_CHOICES = (depth: number): SchemaNode[] => (depth < ANY_DEPTH ? [ANY_OBJECT, ANY_ARRAY, FREE_STRING, FREE_NUMBER, LITERALS] : [FREE_STRING, FREE_NUMBER, LITERALS]);

function feedObject(stack: Stack, top: Extract<Frame, { t: 'object' }>, b: number): Stack[] {
  const { properties } = top.node;
  const remaining = properties.slice(top.next);
  const allOptional = remaining.every((p) => !p.required);
  if (b === 0x7d && top.phase !== 'comma' && allOptional) return [stack.slice(0, -1)];
  if (top.phase === 'after') return b === 0x2c && remaining.length > 0 ? [replaceTop(stack, { ...top, phase: 'comma' })] : [];
  if (b !== QUOTE) return [];
  // The next property written is any of the following ones up to the first required one (optional ones may be skipped).
  const candidates: Stack[] = [];
  for (let i = top.next; i < properties.length; i++) {
    const property = properties[i];
    const key = Array.from(Buffer.from(property.key, 'utf8'), (byte) => String.fromCharCode(byte));
    candidates.push(replaceTop(stack, { ...top, next: i + 1, phase: 'after' }, { t: 'value', node: property.node, depth: 0 }, { t: 'pattern', template: key, at: 1 }));
    if (property.required) break;
  }
  return candidates;
}

function feedAnyObject(stack: Stack, top: Extract<Frame, { t: 'anyObject' }>, b: number): Stack[] {
  switch (top.phase) {
    case 'open':
    case 'comma':
      if (b === 0x7d && top.phase === 'open') return [stack.slice(0, -1)];
      return b === QUOTE ? [replaceTop(stack, { ...top, phase: 'colon' }, { t: 'string', minLength: 0, maxLength: Infinity, length: 0, owed: 0 })] : [];
    case 'colon':
      return b === 0x3a ? [replaceTop(stack, { ...top, phase: 'after' }, { t: 'value', node: { kind: 'any', witness: '0' }, depth: top.depth + 1 })] : [];
    case 'after':
      if (b === 0x7d) return [stack.slice(0, -1)];
      return b === 0x2c ? [replaceTop(stack, { ...top, phase: 'comma' })] : [];
  }
}

function feedArray(stack: Stack, top: Extract<Frame, { t: 'array' }>, b: number): Stack[] {
  if (b === 0x5d && top.phase !== 'comma' && top.count >= top.minItems) return [stack.slice(0, -1)];
  if (top.phase === 'after') return b === 0x2c && top.count < top.maxItems ? [replaceTop(stack, { ...top, phase: 'comma' })] : [];
  if (top.count >= top.maxItems) return [];
  return feed(replaceTop(stack, { ...top, count: top.count + 1, phase: 'after' }, { t: 'value', node: top.items, depth: top.depth }), b);
}

function feedString(stack: Stack, top: Extract<Frame, { t: 'string' }>, b: number): Stack[] {
  if (top.owed > 0) return b >= 0x80 && b <= 0xbf ? [replaceTop(stack, { ...top, owed: top.owed - 1 })] : [];
  if (b === QUOTE) return top.length >= top.minLength ? [stack.slice(0, -1)] : [];
  // No escapes and no control characters: what is left needs none. Lead bytes whose every continuation is valid UTF-8.
  if (b === BACKSLASH || b < 0x20 || top.length >= top.maxLength) return [];
  const owed = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : (b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef ? 2 : b >= 0xf1 && b <= 0xf3 ? 3 : -1;
  if (owed < 0) return [];
  // A 4-byte character is two UTF-16 units, as JSON schema validators count length.
  return [replaceTop(stack, { ...top, length: top.length + (owed === 3 ? 2 : 1), owed })];
}

function feedNumber(stack: Stack, top: Extract<Frame, { t: 'number' }>, b: number): Stack[] {
  const out: Stack[] = [];
  const text = top.text + String.fromCharCode(b);
  if (numberPrefixOk(top.node, text)) out.push(replaceTop(stack, { ...top, text }));
  // A byte that cannot continue the number ends it, and goes to what holds it.
  if (!isDigit(b) && b !== 0x2e && b !== 0x2d && numberComplete(top.node, top.text)) out.push(...feed(stack.slice(0, -1), b));
  return out;
}

const NUMBER_SHAPE = /^-?(0|[1-9][0-9]*)?(\.[0-9]*)?$/;

/** The smallest step a written number can take: 1 for integers, else its last fraction digit. */
const stepOf = (node: Extract<SchemaNode, { kind: 'number' }>) => (node.integer ? 1 : 10 ** -FRACTION_DIGITS);

/**
 * Whether `text` can still grow into a number the node accepts: the values reachable from it (the whole part as
 * written, with or without a fraction to come, or with more digits while no point is written) meet the bounds,
 * made inclusive at the number's resolution so that a reachable bound is one the number can really end on.
 */
export function numberPrefixOk(node: Extract<SchemaNode, { kind: 'number' }>, text: string): boolean {
  const shape = NUMBER_SHAPE.exec(text);
  if (!shape) return false;
  const [, whole = '', fraction] = shape;
  if (fraction !== undefined && (node.integer || whole === '' || fraction.length - 1 > FRACTION_DIGITS)) return false;
  if (whole.length > INTEGER_DIGITS) return false;
  const step = stepOf(node);
  const low = node.exclusiveMin ? (node.integer ? Math.floor(node.min) + 1 : node.min + step) : node.integer ? Math.ceil(node.min) : node.min;
  const high = node.exclusiveMax ? (node.integer ? Math.ceil(node.max) - 1 : node.max - step) : node.integer ? Math.floor(node.max) : node.max;
  const negative = text.startsWith('-');
  const ranges: [number, number][] = [];
  if (whole === '') ranges.push([0, 10 ** INTEGER_DIGITS]);
  else if (fraction === undefined) {
    const value = Number(whole);
    const span = node.integer ? 0 : 1 - step;
    ranges.push([value, value + span]);
    if (whole !== '0') for (let extra = 1; whole.length + extra <= INTEGER_DIGITS; extra++) ranges.push([value * 10 ** extra, (value + 1) * 10 ** extra - step]);
  } else {
    const digits = fraction.slice(1);
    const start = Number(`${whole}.${digits || '0'}`);
    ranges.push([start, start + 10 ** -digits.length - (digits.length === FRACTION_DIGITS ? 10 ** -digits.length : step)]);
  }
  return ranges.some(([from, to]) => (negative ? -to <= high && -from >= low : to >= low && from <= high));
}

/** Whether `text` is a whole number the node accepts. */
export function numberComplete(node: Extract<SchemaNode, { kind: 'number' }>, text: string): boolean {
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) return false;
  const value = Number(text);
  if (node.integer && !Number.isInteger(value)) return false;
  return (node.exclusiveMin ? value > node.min : value >= node.min) && (node.exclusiveMax ? value < node.max : value <= node.max);
}

/** Whether the stack's value is complete: nothing open, or only a number that may end here. */
export function complete(stack: Stack): boolean {
  if (stack.length === 0) return true;
  const top = stack[stack.length - 1];
  return top.t === 'number' && numberComplete(top.node, top.text) && complete(stack.slice(0, -1));
}

/**
 * Bytes that finish the stack along its shortest way (witnesses for what is still required). Consuming a prefix of
 * that way leaves a stack whose own way is the rest, so a sequence that keeps within it always ends in time.
 */
export function bytesToFinish(stack: Stack): number {
  let total = 0;
  for (const frame of stack) total += frameRest(frame);
  return total;
}

function frameRest(frame: Frame): number {
  switch (frame.t) {
    case 'value':
      return Buffer.byteLength(frame.node.witness);
    case 'object': {
      const required = frame.node.properties.slice(frame.next).filter((p) => p.required);
      const parts = required.map((p) => Buffer.byteLength(p.key) + Buffer.byteLength(p.node.witness));
      if (frame.phase === 'comma' && parts.length === 0) {
        const optional = frame.node.properties.slice(frame.next).map((p) => Buffer.byteLength(p.key) + Buffer.byteLength(p.node.witness));
        parts.push(Math.min(...optional));
      }
      const commas = parts.length === 0 ? 0 : frame.phase === 'after' ? parts.length : parts.length - 1;
      return parts.reduce((a, b) => a + b, 0) + commas + 1;
    }
    case 'anyObject':
      return { open: 1, colon: 3, after: 1, comma: 5 }[frame.phase];
    case 'array': {
      const owed = Math.max(0, frame.minItems - frame.count);
      const item = Buffer.byteLength(frame.items.witness);
      if (frame.phase === 'comma') return item + Math.max(0, owed - 1) * (item + 1) + 1;
      return owed * item + (owed === 0 ? 0 : frame.phase === 'after' ? owed : owed - 1) + 1;
    }
    case 'string':
      return frame.owed + Math.max(0, frame.minLength - frame.length) + 1;
    case 'number':
      return numberRest(frame.node, frame.text);
    case 'pattern':
      return frame.template.length - frame.at;
  }
}

/** The fewest bytes that make `text` a whole accepted number (a bounded search; numbers are short). */
function numberRest(node: Extract<SchemaNode, { kind: 'number' }>, text: string): number {
  let layer = [text];
  for (let added = 0; added <= INTEGER_DIGITS + FRACTION_DIGITS + 2 && layer.length > 0; added++) {
    if (layer.some((t) => numberComplete(node, t))) return added;
    const next: string[] = [];
    for (const t of layer) for (const c of '0123456789.') if (next.length < 512 && numberPrefixOk(node, t + c)) next.push(t + c);
    layer = next;
  }
  return INTEGER_DIGITS + FRACTION_DIGITS + 2;
}

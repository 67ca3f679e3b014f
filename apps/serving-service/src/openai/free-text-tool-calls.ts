import { randomUUID } from 'node:crypto';

export type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

/** What a free-text reply said: any text before its calls, and the calls. */
export type ParsedToolCalls = { content: string | null; calls: ToolCall[] };

/** Hermes / Qwen2.5 chat templates: each call a JSON object in its own tags. */
export const HERMES_OPEN = '<tool_call>';
const HERMES_CLOSE = '</tool_call>';
/** Llama 3.1 may open a tool call with this before its JSON. */
const PYTHON_TAG = '<|python_tag|>';

export const toolCallId = () => `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

/** One `{"name", "arguments"|"parameters"}` object naming a listed function with object arguments, else undefined. */
function callOf(value: unknown, toolNames: ReadonlySet<string>): ToolCall | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { name, arguments: args, parameters } = value as Record<string, unknown>;
  const given = args ?? parameters;
  if (typeof name !== 'string' || !toolNames.has(name) || typeof given !== 'object' || given === null || Array.isArray(given)) return undefined;
  return { id: toolCallId(), type: 'function', function: { name, arguments: JSON.stringify(given) } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every element a call, or undefined. */
function callsOf(values: unknown[], toolNames: ReadonlySet<string>): ToolCall[] | undefined {
  const calls = values.map((value) => callOf(value, toolNames));
  return calls.length > 0 && calls.every((call) => call !== undefined) ? (calls as ToolCall[]) : undefined;
}

/**
 * A `tool_choice: "auto"` reply read the way the model's chat template writes tool calls: Hermes/Qwen
 * `<tool_call>{…}</tool_call>` blocks (text before them is content), Llama 3.1's bare JSON object (optionally after
 * <|python_tag|>), or a JSON array of calls (this platform's own format). Every call must name a listed function
 * and carry object arguments; anything else (free prose, a call cut short, an unknown name) is plain content.
 */
export function parseFreeTextToolCalls(text: string, toolNames: ReadonlySet<string>, parallel: boolean): ParsedToolCalls | undefined {
  const parsed = parseHermes(text, toolNames) ?? parseJsonCalls(text, toolNames);
  if (!parsed || (!parallel && parsed.calls.length > 1)) return undefined;
  return parsed;
}

function parseHermes(text: string, toolNames: ReadonlySet<string>): ParsedToolCalls | undefined {
  const start = text.indexOf(HERMES_OPEN);
  if (start < 0) return undefined;
  const values: unknown[] = [];
  let rest = text.slice(start);
  while (rest.length > 0) {
    if (!rest.startsWith(HERMES_OPEN)) return undefined;
    const end = rest.indexOf(HERMES_CLOSE);
    if (end < 0) return undefined;
    values.push(parseJson(rest.slice(HERMES_OPEN.length, end)));
    rest = rest.slice(end + HERMES_CLOSE.length).trimStart();
  }
  const calls = callsOf(values, toolNames);
  // Kept as written (a prefix of the reply), so a stream's content deltas add up to the same text.
  const content = text.slice(0, start);
  return calls && { content: content.trim().length > 0 ? content : null, calls };
}

function parseJsonCalls(text: string, toolNames: ReadonlySet<string>): ParsedToolCalls | undefined {
  let body = text.trim();
  if (body.startsWith(PYTHON_TAG)) body = body.slice(PYTHON_TAG.length).trim();
  if (!body.startsWith('{') && !body.startsWith('[')) return undefined;
  const value = parseJson(body);
  const calls = callsOf(Array.isArray(value) ? value : [value], toolNames);
  return calls && { content: null, calls };
}

/**
 * How much of a streamed reply so far can go out as content: none while the whole of it might still be a JSON call
 * (it begins with `{`, `[` or <|python_tag|>, or is only whitespace), else up to a `<tool_call>` or a tail that
 * might begin one.
 */
export function contentSafeLength(text: string, emitted: number): number {
  const leading = text.trimStart();
  if (emitted === 0 && (leading.length === 0 || /^[{[]/.test(leading) || PYTHON_TAG.startsWith(leading.slice(0, PYTHON_TAG.length)))) return 0;
  const open = text.indexOf(HERMES_OPEN);
  if (open >= 0) return open;
  for (let keep = Math.min(HERMES_OPEN.length - 1, text.length); keep > 0; keep--) {
    if (HERMES_OPEN.startsWith(text.slice(text.length - keep))) return text.length - keep;
  }
  return text.length;
}

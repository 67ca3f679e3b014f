import { z } from 'zod';
import { OpenAiError } from '../common/openai-error';
import { OpenAiFinishReason } from '../engine/generation-run';
import { CompletionFormat } from './completion-formats';
import { ToolCall, toolCallId } from './free-text-tool-calls';
import { compileGrammar, OutputGrammar } from './output-grammar';

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, underscores or dashes');

/** Tool-calling fields of a chat request, as OpenAI's API takes them. */
export const toolFields = {
  tools: z
    .array(
      z.strictObject({
        type: z.literal('function'),
        function: z.strictObject({
          name: functionName,
          description: z.string().max(4096).optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullish(),
        }),
      }),
    )
    .max(128)
    .nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: functionName }) })])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
};

type ToolParams = { [K in keyof typeof toolFields]?: z.infer<(typeof toolFields)[K]> };

/** Calls one response may hold when parallel calls are allowed. */
const MAX_PARALLEL_CALLS = 4;

/**
 * The grammar of a forced tool call (tool_choice `required` or a named function): a JSON array of
 * `{"name", "arguments"}` objects, each function's arguments constrained to its parameters schema, one call unless
 * parallel calls are allowed. `auto` leaves the model free: it answers in text. Also refuses a choice naming no tool.
 */
export function toolCallGrammar(params: ToolParams): OutputGrammar | undefined {
  const tools = params.tools ?? [];
  const choice = params.tool_choice ?? 'auto';
  if (choice !== 'none' && choice !== 'auto' && tools.length === 0) throw OpenAiError.invalid('tool_choice needs tools: the request lists none.', 'tool_choice');
  if (choice === 'none' || choice === 'auto') return undefined;
  const called = typeof choice === 'object' ? tools.filter((tool) => tool.function.name === choice.function.name) : tools;
  if (called.length === 0) throw OpenAiError.invalid(`tool_choice names the function ${(choice as { function: { name: string } }).function.name}, which tools does not list.`, 'tool_choice');
  const single = typeof choice === 'object' || params.parallel_tool_calls === false;
  // Each function's parameters are a schema resource of their own ($id), so their $refs resolve in them, not in this grammar.
  const calls = called.map((tool, i) => ({
    type: 'object',
    properties: { name: { const: tool.function.name }, arguments: { ...(tool.function.parameters ?? { type: 'object', properties: {} }), $id: `tool:${i}` } },
    required: ['name', 'arguments'],
  }));
  // Each function's parameters compile on their own first, so a refusal names the tool it is about.
  tools.forEach((tool, i) => tool.function.parameters && compileGrammar(tool.function.parameters, `tools[${i}].function.parameters`));
  return compileGrammar({ type: 'array', items: calls.length === 1 ? calls[0] : { anyOf: calls }, minItems: 1, maxItems: single ? 1 : MAX_PARALLEL_CALLS }, 'tools');
}

/** The calls a forced tool call's text holds, in OpenAI's message shape (arguments as JSON text). */
function toolCallsOf(text: string): ToolCall[] | undefined {
  try {
    const calls = JSON.parse(text) as { name: string; arguments: unknown }[];
    return calls.map((call) => ({ id: toolCallId(), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
  } catch {
    // Cut short by max_tokens or a stop sequence: the text is returned as it is.
    return undefined;
  }
}

/**
 * Chat's response shape for a forced tool call: the generated calls become the message's `tool_calls` and the
 * finish reason `tool_calls`. Streamed, the text is held back and each call goes out whole in one delta once its
 * choice finished (arguments in one fragment, which OpenAI's clients accept).
 */
export function toolCallFormat(chat: CompletionFormat): CompletionFormat {
  const texts: string[] = [];
  return {
    ...chat,
    chunkChoice(index, text, finishReason, logprobs) {
      texts[index] = (texts[index] ?? '') + text;
      if (!finishReason) return [];
      const calls = toolCallsOf(texts[index]);
      if (!calls) return [...chat.chunkChoice(index, texts[index], null, logprobs), ...chat.chunkChoice(index, '', finishReason, null)];
      return toolCallChunks(index, calls, logprobs);
    },
    choice(index, text, finishReason: OpenAiFinishReason, logprobs) {
      const calls = toolCallsOf(text);
      if (!calls) return chat.choice(index, text, finishReason, logprobs);
      return toolCallChoice(index, null, calls, logprobs);
    },
  };
}

/** A streamed choice's calls, each whole in one delta, then its `tool_calls` finish. */
export function toolCallChunks(index: number, calls: ToolCall[], logprobs: object | null): object[] {
  const deltas = calls.map((call, i) => ({ index, delta: { tool_calls: [{ index: i, ...call }] }, logprobs: i === 0 ? logprobs : null, finish_reason: null }));
  return [...deltas, { index, delta: {}, logprobs: null, finish_reason: 'tool_calls' }];
}

/** A non-streamed choice that called tools, with any text the model wrote before the calls. */
export function toolCallChoice(index: number, content: string | null, calls: ToolCall[], logprobs: object | null): object {
  return { index, message: { role: 'assistant', content, refusal: null, tool_calls: calls }, logprobs, finish_reason: 'tool_calls' };
}

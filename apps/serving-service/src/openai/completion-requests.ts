import { OpenAiError } from '../common/openai-error';
import { autoToolCallFormat } from './auto-tool-call-format';
import { CHAT_FORMAT, CompletionFormat, TEXT_FORMAT } from './completion-formats';
import { ResponseOptions } from './completion-responder';
import { GenerationRequest } from './inference.service';
import { LogprobsCollector } from './logprobs/logprobs-collector';
import { grammarConstraint } from './output-grammar';
import { encodeChat, encodeCompletionPrompt } from './prompt-encoding';
import { ChatCompletionRequest, chatCompletionSchema, completionSchema, parseRequest } from './request-parameters';
import { responseFormatGrammar } from './response-format';
import { toolCallFormat, toolCallGrammar } from './tools';

/** What one completions-style body asks of the engine, and how its response is spelled: the API's and the Batch API's. */
export type CompletionCall = { format: CompletionFormat; shown: ResponseOptions; request: GenerationRequest };

/** A /v1/chat/completions body, checked (400 naming the field) and turned into a generation request. */
export function chatCompletionCall(body: unknown): CompletionCall {
  const params = parseRequest(chatCompletionSchema, body);
  const logprobs = params.logprobs ? new LogprobsCollector({ shape: 'chat', topCount: params.top_logprobs ?? 0 }) : undefined;
  // A forced tool call's grammar wins over response_format: the reply is then the call, not content.
  const toolCall = toolCallGrammar(params);
  const grammar = toolCall ?? responseFormatGrammar(params.response_format);
  return {
    format: toolCall ? toolCallFormat(CHAT_FORMAT) : chatFormat(params),
    shown: { logprobs },
    request: {
      params,
      maxTokens: params.max_completion_tokens ?? params.max_tokens,
      encode: (tokenizer) => {
        const { ids, endOfTurn } = encodeChat(tokenizer, params.messages, params.tools ?? undefined);
        return { ids, eosTokenIds: [endOfTurn] };
      },
      constraint: grammar && grammarConstraint(grammar),
    },
  };
}

/** Free-text chat, whose replies are read for tool calls when tools are offered and the model may call them (`auto`, the default). */
function chatFormat(params: ChatCompletionRequest): CompletionFormat {
  const tools = params.tools ?? [];
  if (tools.length === 0 || (params.tool_choice ?? 'auto') !== 'auto') return CHAT_FORMAT;
  return autoToolCallFormat(CHAT_FORMAT, new Set(tools.map((tool) => tool.function.name)), params.parallel_tool_calls ?? true);
}

/** A /v1/completions body, likewise. */
export function textCompletionCall(body: unknown): CompletionCall {
  const params = parseRequest(completionSchema, body);
  const logprobs = params.logprobs === undefined || params.logprobs === null ? undefined : new LogprobsCollector({ shape: 'text', topCount: params.logprobs });
  const echo = params.echo ?? false;
  if (params.max_tokens === 0 && !echo) throw OpenAiError.invalid('max_tokens 0 generates nothing: send echo: true (with logprobs) to score the prompt.', 'max_tokens');
  return {
    format: TEXT_FORMAT,
    shown: { logprobs, echo },
    request: {
      params,
      // OpenAI's legacy completions default to 16 tokens.
      maxTokens: params.max_tokens ?? 16,
      promptLogprobs: echo && logprobs ? params.logprobs ?? 0 : undefined,
      encode: (tokenizer) => ({ ids: encodeCompletionPrompt(tokenizer, params.prompt), eosTokenIds: [] }),
    },
  };
}

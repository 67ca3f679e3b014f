import { ChatTemplateError, encodeChatMessages, IM_END, Tokenizer } from '@llmchain/tokenizer';
import { OpenAiError } from '../common/openai-error';
import { ChatCompletionRequest, CompletionRequest } from './request-parameters';

type Message = ChatCompletionRequest['messages'][number];

const textOf = (message: Message) =>
  message.content === null ? '' : typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');

/**
 * An assistant turn that called tools, for a template that does not render tool_calls itself: the calls as the
 * model wrote them (toolCallGrammar's JSON array), so it reads back what it said.
 */
function contentOf(message: Message, templateRendersToolCalls: boolean): string {
  if (!message.tool_calls?.length || templateRendersToolCalls) return textOf(message);
  const calls = message.tool_calls.map((call) => `{"name":${JSON.stringify(call.function.name)},"arguments":${call.function.arguments}}`);
  return `${textOf(message)}[${calls.join(',')}]`;
}

/** OpenAI's `developer` role is the newer name of `system`. */
const roleOf = (message: Message) => (message.role === 'developer' ? 'system' : message.role);

/**
 * The model's own chat template (tokenizer_config.json) rendered over the messages with an assistant turn opened,
 * as token ids; special-token text inside messages stays text, so a user cannot inject <|im_end|>. Returns also
 * the end-of-turn id, which ends an assistant reply: ChatML's <|im_end|> where the tokenizer has it, else eos.
 */
export function encodeChat(tokenizer: Tokenizer, messages: Message[], tools?: readonly unknown[]): { ids: number[]; endOfTurn: number } {
  const endOfTurn = tokenizer.specialTokens.some((t) => t.content === IM_END) ? tokenizer.specialTokenId(IM_END) : tokenizer.eosTokenId;
  try {
    if (endOfTurn === null) throw new ChatTemplateError('no_template', "the model's tokenizer names no end-of-turn token (eos_token)");
    const rendersToolCalls = tokenizer.settings.chatTemplate?.includes('tool_calls') ?? false;
    const turns = messages.map((m) => ({
      role: roleOf(m),
      content: contentOf(m, rendersToolCalls),
      ...(m.tool_calls ? { tool_calls: m.tool_calls } : {}),
      ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {}),
    }));
    const ids = encodeChatMessages(tokenizer, turns, { addGenerationPrompt: true, tools: tools?.length ? tools : undefined });
    return { ids, endOfTurn };
  } catch (error) {
    if (!(error instanceof ChatTemplateError)) throw error;
    if (error.reason === 'no_template') throw OpenAiError.invalid(`This model cannot chat: ${error.message}; use /v1/completions with a prompt.`, 'messages', 'chat_template_unsupported');
    throw OpenAiError.invalid(`This model's chat template cannot render these messages: ${error.message}`, 'messages', `chat_template_${error.reason}`);
  }
}

/** A completion prompt as token ids: text is encoded (special tokens as text), ids are taken as they are. */
export function encodeCompletionPrompt(tokenizer: Tokenizer, prompt: CompletionRequest['prompt']): number[] {
  if (typeof prompt === 'string') return tokenizer.encode(prompt, { allowedSpecial: 'none' });
  if (typeof prompt[0] === 'string') return tokenizer.encode(prompt[0], { allowedSpecial: 'none' });
  if (Array.isArray(prompt[0])) return prompt[0];
  return prompt as number[];
}

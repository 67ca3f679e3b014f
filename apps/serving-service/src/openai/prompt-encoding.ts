import { CHATML_TEMPLATE, IM_END, IM_START, Tokenizer } from '@llmchain/tokenizer';
import { ChatCompletionRequest, CompletionRequest } from './request-parameters';
import { OpenAiError } from './openai-error';

type Message = ChatCompletionRequest['messages'][number];

const contentOf = (message: Message) => (typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join(''));

/** OpenAI's `developer` role is the newer name of `system`. */
const roleOf = (message: Message) => (message.role === 'developer' ? 'system' : message.role);

/**
 * The model's chat template applied to the messages, as token ids. The tokenizer's ChatML template is rendered
 * turn by turn so message text is encoded with special tokens disallowed: a user cannot inject <|im_end|>.
 * Returns also the end-of-turn id, which ends an assistant reply.
 */
export function encodeChat(tokenizer: Tokenizer, messages: Message[]): { ids: number[]; endOfTurn: number } {
  if (tokenizer.settings.chatTemplate !== CHATML_TEMPLATE) {
    throw OpenAiError.invalid(
      "This model's tokenizer has no ChatML chat template, the one chat format this server renders; use /v1/completions with a prompt.",
      'messages',
      'chat_template_unsupported',
    );
  }
  const start = tokenizer.specialTokenId(IM_START);
  const end = tokenizer.specialTokenId(IM_END);
  const newline = tokenizer.encode('\n', { allowedSpecial: 'none' });
  const ids: number[] = [];
  for (const message of messages) {
    ids.push(start, ...tokenizer.encode(`${roleOf(message)}\n${contentOf(message)}`, { allowedSpecial: 'none' }), end, ...newline);
  }
  ids.push(start, ...tokenizer.encode('assistant\n', { allowedSpecial: 'none' }));
  return { ids, endOfTurn: end };
}

/** A completion prompt as token ids: text is encoded (special tokens as text), ids are taken as they are. */
export function encodeCompletionPrompt(tokenizer: Tokenizer, prompt: CompletionRequest['prompt']): number[] {
  if (typeof prompt === 'string') return tokenizer.encode(prompt, { allowedSpecial: 'none' });
  if (typeof prompt[0] === 'string') return tokenizer.encode(prompt[0], { allowedSpecial: 'none' });
  return prompt as number[];
}

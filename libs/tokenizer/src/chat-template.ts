import { IM_END, IM_START } from './special-tokens';

export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

/**
 * ChatML, as a Jinja template for tokenizer_config.json: each turn is <|im_start|>role\ncontent<|im_end|>\n, and
 * a generation prompt opens an assistant turn. Serving renders the same format with renderChat.
 */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '" + IM_START + "' + message['role'] + '\\n' + message['content'] + '" + IM_END + "' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '" + IM_START + "assistant\\n' }}{% endif %}";

/** The text CHATML_TEMPLATE renders, without a template engine. */
export function renderChat(messages: readonly ChatMessage[], options: { addGenerationPrompt?: boolean } = {}): string {
  let text = '';
  for (const { role, content } of messages) text += `${IM_START}${role}\n${content}${IM_END}\n`;
  if (options.addGenerationPrompt) text += `${IM_START}assistant\n`;
  return text;
}

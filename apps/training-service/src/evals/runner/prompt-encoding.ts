import { encodeChatMessages, IM_END, Tokenizer } from '@llmchain/tokenizer';
import { PromptInput } from '../eval.dto';
import { renderTemplate, TemplateNamespaces } from '../item-template';
import { EvalModel } from './eval-models';

/**
 * A prompt as token ids, as serving encodes one: a text template rendered and encoded with special-token text kept
 * as text; messages through the model's own chat template with an assistant turn opened.
 */
export function encodePrompt(tokenizer: Tokenizer, input: PromptInput, namespaces: TemplateNamespaces): number[] {
  if (typeof input === 'string') return tokenizer.encode(renderTemplate(input, namespaces), { allowedSpecial: 'none' });
  const messages = input.map((m) => ({ role: m.role === 'developer' ? 'system' : m.role, content: renderTemplate(m.content, namespaces) }));
  return encodeChatMessages(tokenizer, messages, { addGenerationPrompt: true });
}

/** Ids that end a reply: the model's end-of-sequence ids, and ChatML's <|im_end|> where the tokenizer has it. */
export function stopTokenIds({ model, tokenizer }: EvalModel): number[] {
  const ids = new Set(model.tokens.eosTokenIds ?? [model.tokens.eosTokenId]);
  if (tokenizer.specialTokens.some((t) => t.content === IM_END)) ids.add(tokenizer.specialTokenId(IM_END));
  return [...ids];
}

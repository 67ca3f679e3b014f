import { ChatTemplate, type ChatMessage, type RenderChatOptions } from './chat-template';
import { ChatTemplateError } from './errors';
import { SpecialTokenMatcher } from './special-tokens';
import type { Tokenizer } from './tokenizer';

/** Stands for special-token text found inside a message while the template renders: U+FDD0 index U+FDD1. */
const PLACEHOLDER = /\uFDD0(\d+)\uFDD1/g;
/** Noncharacters never occur in real text; any that do are replaced so they cannot pose as placeholders. */
const NONCHARACTERS = /[\uFDD0\uFDD1]/g;

interface CompiledChat {
  readonly template: ChatTemplate;
  /** The special (not merely added) tokens, which message text must not produce. */
  readonly specials: SpecialTokenMatcher;
}

const compiled = new WeakMap<Tokenizer, CompiledChat>();

function compiledChat(tokenizer: Tokenizer): CompiledChat {
  let chat = compiled.get(tokenizer);
  if (chat === undefined) {
    const source = tokenizer.settings.chatTemplate;
    if (source === null) throw new ChatTemplateError('no_template', "the model's tokenizer_config.json has no chat_template");
    chat = { template: new ChatTemplate(source), specials: new SpecialTokenMatcher(tokenizer.specialTokens.filter((t) => t.special !== false)) };
    compiled.set(tokenizer, chat);
  }
  return chat;
}

export type ChatEncodeOptions = Omit<RenderChatOptions, 'specialTokens'>;

/** The model's own chat template (tokenizer_config.json) rendered over the messages, as transformers does. */
export function renderChatTemplate(tokenizer: Tokenizer, messages: readonly ChatMessage[], options: ChatEncodeOptions = {}): string {
  return compiledChat(tokenizer).template.render(messages, { ...options, specialTokens: tokenizer.settings });
}

/**
 * The messages rendered by the model's chat template, as token ids. Special tokens the template writes are
 * tokens; special-token text inside messages or tools stays text (encoded with special tokens disallowed), so a
 * user cannot close a turn or forge a system one. Such text is swapped for a placeholder while the template runs,
 * which keeps the template's own string operations (trim, tojson) working on it.
 */
export function encodeChatMessages(tokenizer: Tokenizer, messages: readonly ChatMessage[], options: ChatEncodeOptions = {}): number[] {
  const { template, specials } = compiledChat(tokenizer);
  const hidden: string[] = [];
  const shield = (value: unknown): unknown => {
    if (typeof value === 'string') return hideSpecialText(value, specials, hidden);
    if (Array.isArray(value)) return value.map(shield);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shield(v)]));
    return value;
  };
  const text = template.render(shield(messages) as ChatMessage[], {
    ...options,
    tools: options.tools === undefined ? undefined : (shield(options.tools) as unknown[]),
    specialTokens: tokenizer.settings,
  });
  if (hidden.length === 0) return tokenizer.encode(text);
  let ids: number[] = [];
  let pos = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const original = hidden[Number(match[1])];
    if (original === undefined) continue;
    ids = ids.concat(tokenizer.encode(text.slice(pos, match.index)), tokenizer.encode(original, { allowedSpecial: 'none' }));
    pos = (match.index as number) + match[0].length;
  }
  return ids.concat(tokenizer.encode(text.slice(pos)));
}

function hideSpecialText(value: string, specials: SpecialTokenMatcher, hidden: string[]): string {
  let out = '';
  specials.segment(
    value,
    (start, end) => (out += value.slice(start, end).replace(NONCHARACTERS, '\uFFFD')),
    (id) => {
      const token = specials.tokens.find((t) => t.id === id) as { content: string };
      out += `\uFDD0${hidden.length}\uFDD1`;
      hidden.push(token.content);
    },
  );
  return out;
}

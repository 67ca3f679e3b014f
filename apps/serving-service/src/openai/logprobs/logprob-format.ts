import { Tokenizer } from '@llmchain/tokenizer';
import { TokenLogprob } from './token-logprobs';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A token as text: its characters, or, when its bytes are not whole UTF-8 characters (a byte-level token in the
 * middle of one), `bytes:\xNN…` as OpenAI writes them; the raw bytes travel beside it in chat's `bytes`.
 */
export function tokenText(tokenizer: Tokenizer, id: number): { text: string; bytes: number[] } {
  const bytes = tokenizer.tokenBytes(id);
  try {
    return { text: strictUtf8.decode(bytes), bytes: Array.from(bytes) };
  } catch {
    return { text: `bytes:${Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}`, bytes: Array.from(bytes) };
  }
}

/** Chat's `logprobs` object: one entry per token, with its alternatives. */
export function chatLogprobs(tokenizer: Tokenizer, entries: TokenLogprob[]): object {
  const entry = (token: number, logprob: number) => {
    const { text, bytes } = tokenText(tokenizer, token);
    return { token: text, logprob, bytes };
  };
  return {
    content: entries.map((e) => ({ ...entry(e.token, e.logprob), top_logprobs: e.top.map((t) => entry(t.token, t.logprob)) })),
    refusal: null,
  };
}

/**
 * The legacy completions' `logprobs` object over consecutive tokens whose text begins at `offset` characters into
 * the choice's text; a null entry is the first prompt token, which has no logprob.
 */
export function textLogprobs(tokenizer: Tokenizer, tokens: number[], entries: (TokenLogprob | null)[], offset: number): object {
  const texts = tokens.map((id) => tokenText(tokenizer, id).text);
  const textOffset: number[] = [];
  for (const text of texts) {
    textOffset.push(offset);
    offset += text.length;
  }
  return {
    tokens: texts,
    token_logprobs: entries.map((e) => e?.logprob ?? null),
    top_logprobs: entries.map((e) => (e ? Object.fromEntries(e.top.map((t) => [tokenText(tokenizer, t.token).text, t.logprob])) : null)),
    text_offset: textOffset,
  };
}

import { Tokenizer } from '@llmchain/tokenizer';
import { chatLogprobs, textLogprobs, tokenText } from './logprob-format';
import { TokenLogprob, tokenLogprob } from './token-logprobs';

/** What a request asked to see: chat's logprobs/top_logprobs, or completions' logprobs (0–5). */
export interface LogprobsRequest {
  shape: 'chat' | 'text';
  topCount: number;
}

type Pending = { token: number; entry: TokenLogprob | null };

/**
 * Each choice's token logprobs as the run produces them, handed out with the text they belong to: a streamed
 * chunk carries the tokens since the previous chunk, a whole response all of them.
 */
export class LogprobsCollector {
  private readonly pending: Pending[][] = [];
  /** Where the next token's text begins in the choice's text (completions' text_offset). */
  private readonly offsets: number[] = [];

  constructor(private readonly request: LogprobsRequest) {}

  /** The echoed prompt's tokens, ahead of everything generated. */
  addPrompt(choice: number, tokens: number[], entries: (TokenLogprob | null)[]): void {
    this.queue(choice).unshift(...tokens.map((token, i) => ({ token, entry: entries[i] })));
  }

  /** A generated token and the logits it was drawn from. */
  addGenerated(choice: number, token: number, logits: Float32Array): void {
    this.queue(choice).push({ token, entry: tokenLogprob(logits, token, this.request.topCount) });
  }

  /**
   * The logprobs object for the tokens added since the last take; `startOffset` is where a choice's first token
   * begins in its text (0 with echo, else after the prompt's text).
   */
  take(choice: number, tokenizer: Tokenizer, startOffset: number): object {
    const taken = this.pending[choice]?.splice(0) ?? [];
    if (this.request.shape === 'chat') return chatLogprobs(tokenizer, taken.map((p) => p.entry as TokenLogprob));
    const offset = this.offsets[choice] ?? startOffset;
    this.offsets[choice] = taken.reduce((at, p) => at + tokenText(tokenizer, p.token).text.length, offset);
    return textLogprobs(tokenizer, taken.map((p) => p.token), taken.map((p) => p.entry), offset);
  }

  private queue(choice: number): Pending[] {
    return (this.pending[choice] ??= []);
  }
}

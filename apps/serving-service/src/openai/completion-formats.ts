import { OpenAiFinishReason } from '../engine/generation-run';

/** How one endpoint spells its response objects; the responder is the same for both. */
export interface CompletionFormat {
  idPrefix: string;
  object: string;
  chunkObject: string;
  /** A streamed choice's opening chunk, if the format has one. */
  openingChoice?(index: number): object;
  /** A streamed choice's chunks for this text (one each; none while a format holds its text back). */
  chunkChoice(index: number, text: string, finishReason: OpenAiFinishReason | null, logprobs: object | null): object[];
  /** A whole choice in a non-streamed response. */
  choice(index: number, text: string, finishReason: OpenAiFinishReason, logprobs: object | null): object;
}

export const CHAT_FORMAT: CompletionFormat = {
  idPrefix: 'chatcmpl',
  object: 'chat.completion',
  chunkObject: 'chat.completion.chunk',
  openingChoice: (index) => ({ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }),
  chunkChoice: (index, text, finishReason, logprobs) => [{ index, delta: finishReason ? {} : { content: text }, logprobs, finish_reason: finishReason }],
  choice: (index, text, finishReason, logprobs) => ({ index, message: { role: 'assistant', content: text, refusal: null }, logprobs, finish_reason: finishReason }),
};

export const TEXT_FORMAT: CompletionFormat = {
  idPrefix: 'cmpl',
  object: 'text_completion',
  chunkObject: 'text_completion',
  chunkChoice: (index, text, finishReason, logprobs) => [{ index, text, logprobs, finish_reason: finishReason }],
  choice: (index, text, finishReason, logprobs) => ({ index, text, logprobs, finish_reason: finishReason }),
};

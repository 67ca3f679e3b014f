import { ChatTemplateError, encodeChatMessages, END_OF_TEXT, Tokenizer } from '@llmchain/tokenizer';
import { DatasetFormat } from '../settings';
import { ChatTurn, DatasetRecord } from './dataset-records';
import { TrainingJobError } from './training-job';

/** Text pieces of a record for BPE training (a piece boundary is also a pre-token boundary, as in encodeRecord). */
export function recordTextPieces(record: DatasetRecord): string[] {
  if (record.format === 'documents') return [record.text];
  if (record.format === 'prompt-completion') return [record.prompt, record.completion];
  return record.messages.map((m) => `${m.role}\n${m.content}`);
}

/**
 * Turns records into token ids the way serving encodes requests, so a model trains on what it will be given: text
 * with special tokens disallowed (a document cannot inject <|endoftext|>), a completion prompt encoded on its own,
 * a conversation rendered by the model's own chat template like serving's chat prompts. Each record ends with
 * the end-of-text token.
 */
export class RecordEncoder {
  readonly endOfText: number;

  constructor(
    private readonly tokenizer: Tokenizer,
    format: DatasetFormat,
  ) {
    this.endOfText = endOfTextId(tokenizer);
    if (format === 'chat' && tokenizer.settings.chatTemplate === null) {
      throw new TrainingJobError('tokenizer_unusable', 'the tokenizer has no chat template (chat_template in tokenizer_config.json), which chat records are rendered with: train on prompt-completion records, or use a tokenizer that has one');
    }
  }

  encode(record: DatasetRecord): number[] {
    const text = (value: string) => this.tokenizer.encode(value, { allowedSpecial: 'none' });
    if (record.format === 'documents') return [...text(record.text), this.endOfText];
    if (record.format === 'prompt-completion') return [...text(record.prompt), ...text(record.completion), this.endOfText];
    return this.encodeChat(record.messages).concat(this.endOfText);
  }

  /**
   * The record's tokens with their loss weights for completion-only loss: a document trains on every token; a
   * prompt/completion record on the completion and the end-of-text after it; a conversation on its assistant turns
   * as the model's chat template renders them (each turn's own end-of-turn tokens included), not on the system and
   * user turns nor the template's framing before each assistant turn.
   */
  encodeWeighted(record: DatasetRecord): { ids: number[]; weights: number[] } {
    const text = (value: string) => this.tokenizer.encode(value, { allowedSpecial: 'none' });
    if (record.format === 'documents') {
      const ids = this.encode(record);
      return { ids, weights: ids.map(() => 1) };
    }
    if (record.format === 'prompt-completion') {
      const prompt = text(record.prompt);
      const completion = [...text(record.completion), this.endOfText];
      return { ids: [...prompt, ...completion], weights: [...prompt.map(() => 0), ...completion.map(() => 1)] };
    }
    const ids = this.encodeChat(record.messages);
    const weights = ids.map(() => 0);
    record.messages.forEach((message, i) => {
      if (message.role !== 'assistant') return;
      const start = this.encodeChat(record.messages.slice(0, i), true).length;
      const through = this.encodeChat(record.messages.slice(0, i + 1));
      if (through.some((id, k) => ids[k] !== id) || start > through.length) {
        throw new TrainingJobError('tokenizer_unusable', "the model's chat template does not render a conversation's first turns as the start of the whole conversation, so its assistant turns cannot be told apart for completion-only loss");
      }
      for (let k = start; k < through.length; k++) weights[k] = 1;
    });
    // The end-of-text that separates records is not part of the conversation the model learns to answer.
    return { ids: [...ids, this.endOfText], weights: [...weights, 0] };
  }

  private encodeChat(messages: ChatTurn[], addGenerationPrompt = false): number[] {
    try {
      return encodeChatMessages(this.tokenizer, messages, { addGenerationPrompt });
    } catch (error) {
      if (!(error instanceof ChatTemplateError)) throw error;
      const templateAtFault = error.reason === 'template_too_long' || error.reason === 'template_invalid';
      throw new TrainingJobError(templateAtFault ? 'tokenizer_unusable' : 'dataset_format', `a chat record cannot be rendered by the model's chat template: ${error.message}`);
    }
  }
}

/** The tokenizer's end-of-sequence token, else <|endoftext|>; a tokenizer with neither cannot separate documents. */
export function endOfTextId(tokenizer: Tokenizer): number {
  const eos = tokenizer.eosTokenId;
  if (eos !== null) return eos;
  if (tokenizer.specialTokens.some((t) => t.content === END_OF_TEXT)) return tokenizer.specialTokenId(END_OF_TEXT);
  throw new TrainingJobError('tokenizer_unusable', `the tokenizer has no end-of-sequence token (eos_token or ${END_OF_TEXT}) to separate documents with`);
}

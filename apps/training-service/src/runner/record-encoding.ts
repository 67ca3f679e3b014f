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

  private encodeChat(messages: ChatTurn[]): number[] {
    try {
      return encodeChatMessages(this.tokenizer, messages);
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

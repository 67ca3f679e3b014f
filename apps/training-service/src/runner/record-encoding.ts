import { CHATML_TEMPLATE, END_OF_TEXT, IM_END, IM_START, Tokenizer } from '@llmchain/tokenizer';
import { DatasetFormat } from '../settings';
import { DatasetRecord } from './dataset-records';
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
 * chat turns as <|im_start|>role\ncontent<|im_end|>\n like serving's ChatML rendering. Each record ends with
 * the end-of-text token.
 */
export class RecordEncoder {
  readonly endOfText: number;
  private readonly chat?: { start: number; end: number; newline: number[] };

  constructor(
    private readonly tokenizer: Tokenizer,
    format: DatasetFormat,
  ) {
    this.endOfText = endOfTextId(tokenizer);
    if (format === 'chat') {
      if (tokenizer.settings.chatTemplate !== CHATML_TEMPLATE) {
        throw new TrainingJobError('tokenizer_unusable', "the tokenizer has no ChatML chat template, the chat format serving renders: train on prompt-completion records, or use a tokenizer trained with <|im_start|> and <|im_end|>");
      }
      this.chat = {
        start: tokenizer.specialTokenId(IM_START),
        end: tokenizer.specialTokenId(IM_END),
        newline: tokenizer.encode('\n', { allowedSpecial: 'none' }),
      };
    }
  }

  encode(record: DatasetRecord): number[] {
    const text = (value: string) => this.tokenizer.encode(value, { allowedSpecial: 'none' });
    if (record.format === 'documents') return [...text(record.text), this.endOfText];
    if (record.format === 'prompt-completion') return [...text(record.prompt), ...text(record.completion), this.endOfText];
    const { start, end, newline } = this.chat!;
    // Concatenated, not push(...ids): spreading a long message's ids as arguments could exceed the call stack.
    let ids: number[] = [];
    for (const { role, content } of record.messages) ids = ids.concat(start, text(`${role}\n${content}`), end, newline);
    ids.push(this.endOfText);
    return ids;
  }
}

/** The tokenizer's end-of-sequence token, else <|endoftext|>; a tokenizer with neither cannot separate documents. */
export function endOfTextId(tokenizer: Tokenizer): number {
  const eos = tokenizer.eosTokenId;
  if (eos !== null) return eos;
  if (tokenizer.specialTokens.some((t) => t.content === END_OF_TEXT)) return tokenizer.specialTokenId(END_OF_TEXT);
  throw new TrainingJobError('tokenizer_unusable', `the tokenizer has no end-of-sequence token (eos_token or ${END_OF_TEXT}) to separate documents with`);
}

/** What tokenizer_config.json carries besides the tokenizer itself: roles of special tokens, limits, chat format. */
export interface ModelFileSettings {
  readonly bosToken: string | null;
  readonly eosToken: string | null;
  readonly padToken: string | null;
  /** Longest sequence the model accepts (its context length). */
  readonly modelMaxLength: number;
  /** Jinja chat template (the format transformers' apply_chat_template renders). */
  readonly chatTemplate: string | null;
}

export const DEFAULT_MODEL_MAX_LENGTH = 1024;

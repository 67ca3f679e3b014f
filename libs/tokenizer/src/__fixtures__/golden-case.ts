/** One tokenizer golden case, as transformers.js tests write them: the reference's ids, tokens and decoded text. */
export interface GoldenCase {
  name: string;
  text: string;
  ids: number[];
  tokens: string[];
  decoded: string;
}

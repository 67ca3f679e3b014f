import { Tokenizer } from '@llmchain/tokenizer';

/** Token ids by their bytes: walking a grammar over the trie tries each shared prefix once, and drops dead ones early. */
export interface TokenTrie {
  children: Map<number, TokenTrie>;
  /** Tokens whose bytes end here. */
  tokens: number[];
  /** Bytes of the longest token below (at the root: in the vocabulary). */
  depth: number;
}

const tries = new WeakMap<Tokenizer, TokenTrie>();

/** The tokenizer's ordinary tokens as a byte trie, built once per tokenizer; special tokens are never text. */
export function tokenTrie(tokenizer: Tokenizer): TokenTrie {
  let root = tries.get(tokenizer);
  if (root) return root;
  root = { children: new Map(), tokens: [], depth: 0 };
  const special = new Set(tokenizer.specialTokens.map((t) => t.id));
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    if (special.has(id)) continue;
    const bytes = tokenizer.tokenBytes(id);
    if (bytes.length === 0) continue;
    let node = root;
    root.depth = Math.max(root.depth, bytes.length);
    for (const b of bytes) {
      let child = node.children.get(b);
      if (!child) node.children.set(b, (child = { children: new Map(), tokens: [], depth: 0 }));
      node = child;
    }
    node.tokens.push(id);
  }
  tries.set(tokenizer, root);
  return root;
}

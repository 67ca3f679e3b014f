import { Rng } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { JsonSchemaConstraint } from '../json-constraint';

/**
 * A sequence as a random-weight model would write it: each token drawn uniformly from what the constraint allows,
 * until an end-of-sequence token or the budget runs out.
 */
export function randomWalk(tokenizer: Tokenizer, constraint: JsonSchemaConstraint, eos: number, budget: number, rng: Rng): { text: string; ended: boolean } {
  const ids: number[] = [];
  for (let remaining = budget; remaining > 0; remaining--) {
    const allowed = constraint.allowedTokens(remaining);
    const choices = allowed.reduce<number[]>((list, on, id) => (on ? [...list, id] : list), []);
    const token = choices[Math.floor(rng.next() * choices.length)];
    if (token === eos) return { text: tokenizer.decode(ids), ended: true };
    constraint.accept(token);
    ids.push(token);
  }
  return { text: tokenizer.decode(ids), ended: false };
}

import { GraphBuilder } from '../../onnx/graph-builder';
import { HeadLayout } from './gpt-blocks';

/**
 * Grouped-query attention without copying keys and values: the nHead / nKvHead query heads that share a key/value
 * head are laid end to end as one longer sequence, [batch, nHead, seq, X] -> [batch, nKvHead, groups·seq, X] (a
 * reshape of contiguous memory, as query head h uses key/value head ⌊h / groups⌋ in transformers' repeat_kv). Scores
 * and weighted sums then run against the cache as it is. With one query head per key/value head both are no-ops.
 */
export function groupQueryHeads(graph: GraphBuilder, heads: HeadLayout, x: string): string {
  if (heads.nHead === heads.nKvHead) return x;
  return graph.op('Reshape', [x, graph.constantI64([0, heads.nKvHead, -1, 0], [4])])[0];
}

/** The inverse of groupQueryHeads: [batch, nKvHead, groups·seq, X] -> [batch, nHead, seq, X]. */
export function ungroupQueryHeads(graph: GraphBuilder, heads: HeadLayout, x: string): string {
  if (heads.nHead === heads.nKvHead) return x;
  return graph.op('Reshape', [x, graph.constantI64([0, heads.nHead, -1, 0], [4])])[0];
}

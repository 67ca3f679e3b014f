import { AliasTarget } from '@llmchain/contracts';

/**
 * The version a draw in [0, 1) lands on: targets take consecutive slices of [0, 100) by weight, so a version with
 * weight w answers w% of uniform draws.
 */
export function pickTarget(targets: readonly AliasTarget[], draw: number): AliasTarget {
  let upTo = 0;
  for (const target of targets) {
    upTo += target.weight;
    if (draw * 100 < upTo) return target;
  }
  return targets[targets.length - 1];
}

/** A token grant that usage can draw from: live (not voided, not expired) with tokens left. */
export type DrawableGrant = { id: string; remaining: bigint; priority: number; expiresAt: Date | null; createdAt: Date };

export type Draw = { grantId: string; tokens: bigint };

/**
 * The documented consumption order (OpenMeter's): lowest `priority` first; among equals, the grant that expires
 * soonest (grants without expiry last), so credits that would lapse are used before those that keep; then the
 * oldest grant; then the id, so the order is total and every replica draws alike.
 */
export function inConsumptionOrder<T extends DrawableGrant>(grants: readonly T[]): T[] {
  return [...grants].sort(
    (a, b) =>
      a.priority - b.priority ||
      expiryRank(a) - expiryRank(b) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function expiryRank(grant: DrawableGrant): number {
  return grant.expiresAt ? grant.expiresAt.getTime() : Number.POSITIVE_INFINITY;
}

/**
 * Takes `tokens` from grants already in consumption order, lowering their `remaining` in place: the draws made and
 * the tokens no grant could cover (`uncovered`, billed as metered usage instead).
 */
export function drawTokens(ordered: DrawableGrant[], tokens: bigint): { draws: Draw[]; uncovered: bigint } {
  const draws: Draw[] = [];
  let left = tokens;
  for (const grant of ordered) {
    if (left === 0n) break;
    if (grant.remaining <= 0n) continue;
    const taken = grant.remaining < left ? grant.remaining : left;
    grant.remaining -= taken;
    left -= taken;
    draws.push({ grantId: grant.id, tokens: taken });
  }
  return { draws, uncovered: left };
}

import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

/** A stable name a tenant calls instead of a model's own: lowercase, starting with a letter, no ':' (model names hold one). */
export const MODEL_ALIAS_NAME = /^[a-z][a-z0-9._-]{0,63}$/;

/** One version behind an alias and the share of its requests (whole percent; the shares sum to 100). */
export const aliasTarget = z.strictObject({ modelId: id, weight: z.number().int().min(1).max(100) });
export type AliasTarget = z.infer<typeof aliasTarget>;

/** Why a non-empty split cannot stand (the same version twice, or weights not summing to 100), or undefined when it can. */
export function aliasTargetsProblem(targets: readonly AliasTarget[]): string | undefined {
  if (new Set(targets.map((t) => t.modelId)).size !== targets.length) return 'each version appears once';
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  if (total !== 100) return `the weights sum to ${total}, not 100`;
  return undefined;
}

/**
 * training-service → serving-service: an alias now points at these versions (one, or two for a canary), or at none
 * (deleted). `revision` counts the alias's changes: a consumer keeps the highest it has seen, so a late redelivery of
 * an older change never undoes a newer one.
 */
export const modelAliasChangedV1 = eventEnvelope(
  TOPICS.modelAliasChanged,
  1,
  z
    .strictObject({
      tenantId,
      alias: z.string().regex(MODEL_ALIAS_NAME),
      revision: z.number().int().positive(),
      targets: z.array(aliasTarget).max(2),
    })
    .superRefine((data, ctx) => {
      const problem = aliasTargetsProblem(data.targets);
      if (data.targets.length > 0 && problem) ctx.addIssue({ code: 'custom', path: ['targets'], message: problem });
    }),
);
export type ModelAliasChangedV1 = z.infer<typeof modelAliasChangedV1>;

import { aliasTargetsProblem, MODEL_ALIAS_NAME } from '@llmchain/contracts';
import { z } from 'zod';

/** The most aliases a tenant keeps: each is read by every serving process once a second. */
export const MAX_ALIASES_PER_TENANT = 100;

export const modelAliasName = z
  .string()
  .regex(MODEL_ALIAS_NAME, 'an alias is 1 to 64 characters of lowercase letters, digits, ".", "_" and "-", starting with a letter (no ":", which model names use)');

/** PUT /v1/model-aliases/:name: one version, or two with the share of requests each gets (a canary). */
export const setModelAliasBody = z
  .strictObject({
    targets: z
      .array(z.strictObject({ modelId: z.uuid('must be the id of one of your models'), weight: z.number().int().min(1).max(100) }))
      .min(1, 'name one version, or two for a canary')
      .max(2, 'name one version, or two for a canary'),
  })
  .superRefine((body, ctx) => {
    const problem = aliasTargetsProblem(body.targets);
    if (problem) ctx.addIssue({ code: 'custom', path: ['targets'], message: problem });
  });
export type SetModelAliasBody = z.infer<typeof setModelAliasBody>;

import { z } from 'zod';
import { integerString, Wire } from '../common/wire';
import { QuotaService } from './quota.service';

/** A tenant's included tokens left in the period (quota.controller.ts). */
export const quotaSchema = z
  .object({
    tenantId: z.uuid(),
    period: z.string().meta({ description: 'The UTC month, YYYY-MM' }),
    remainingIncludedTokens: integerString.meta({ description: 'Included tokens not yet used this period' }),
    hardStop: z.boolean().meta({ description: 'Whether serving refuses requests now (a hard quota used up)' }),
  })
  .meta({ id: 'Quota' }) satisfies z.ZodType<Wire<Awaited<ReturnType<QuotaService['current']>>>>;

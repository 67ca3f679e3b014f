import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { tenantId, tokenCount } from './common';

/**
 * billing-service → whoever notifies tenants: a tenant on a soft quota used up its included tokens this period.
 * Usage goes on (billed as overage); sent once per tenant and period.
 */
export const quotaAlertV1 = eventEnvelope(
  TOPICS.quotaAlert,
  1,
  z.strictObject({
    tenantId,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a YYYY-MM month'),
    reason: z.literal('included-tokens-exhausted'),
    includedTokens: tokenCount,
    usedTokens: tokenCount,
  }),
);
export type QuotaAlertV1 = z.infer<typeof quotaAlertV1>;

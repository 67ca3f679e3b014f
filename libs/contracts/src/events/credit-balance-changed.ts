import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { tenantId } from './common';

/**
 * billing-service → the services that admit work (serving, training): a change to a prepaid tenant's live token
 * balance that did not come from serving's own requests (serving takes those off as it settles them). `enable`
 * sets the live balance (the tenant's plan became prepaid), `adjust` adds `tokens` (negative: a void, an expiry,
 * training usage), `disable` ends enforcement (the plan is no longer prepaid). Applied once per event id.
 */
export const creditBalanceChangedV1 = eventEnvelope(
  TOPICS.creditBalanceChanged,
  1,
  z.strictObject({
    tenantId,
    change: z.enum(['enable', 'adjust', 'disable']),
    tokens: z.number().int(),
    reason: z.string().min(1).max(200),
  }),
);
export type CreditBalanceChangedV1 = z.infer<typeof creditBalanceChangedV1>;

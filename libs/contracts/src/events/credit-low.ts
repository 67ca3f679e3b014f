import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { tenantId } from './common';

/**
 * billing-service → webhooks and the dashboard: a prepaid tenant's credit balance fell below its low-balance
 * threshold. Sent once per crossing (again only after the balance rose above the threshold and fell once more).
 * `balance` may be negative: the last admitted request can overdraw by at most its own reservation.
 */
export const creditLowV1 = eventEnvelope(
  TOPICS.creditLow,
  1,
  z.strictObject({
    tenantId,
    balance: z.number().int(),
    threshold: z.number().int().nonnegative(),
    /** The unit of both figures: `tokens`, or the plan's ISO currency (amounts in minor units). */
    unit: z.union([z.literal('tokens'), z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code')]),
  }),
);
export type CreditLowV1 = z.infer<typeof creditLowV1>;

import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { tenantId, tokenCount } from './common';

/** billing-service → serving-service: what a tenant may still consume, and its rate limits. */
export const quotaUpdatedV1 = eventEnvelope(
  TOPICS.quotaUpdated,
  1,
  z.strictObject({
    tenantId,
    remainingIncludedTokens: tokenCount,
    hardStop: z.boolean(),
    requestsPerMinute: z.number().int().positive(),
    tokensPerMinute: z.number().int().positive(),
  }),
);
export type QuotaUpdatedV1 = z.infer<typeof quotaUpdatedV1>;

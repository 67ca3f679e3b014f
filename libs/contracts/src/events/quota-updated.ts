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

/**
 * v2 adds the plan's serving terms: the tenant's weight in the engine's fair queue (its share of tokens when a model
 * is saturated, relative to other tenants') and how many sequences it may run at once per model.
 */
export const quotaUpdatedV2 = eventEnvelope(
  TOPICS.quotaUpdated,
  2,
  quotaUpdatedV1.shape.data.extend({
    schedulingWeight: z.number().int().min(1).max(1000),
    maxConcurrentSequences: z.number().int().min(1).max(4096),
  }),
);
export type QuotaUpdatedV2 = z.infer<typeof quotaUpdatedV2>;

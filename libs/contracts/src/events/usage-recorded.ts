import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId, tokenCount } from './common';

/** serving-service → billing-service: the tokens one request consumed. */
export const usageRecordedV1 = eventEnvelope(
  TOPICS.usageRecorded,
  1,
  z.strictObject({
    tenantId,
    apiKeyId: id,
    requestId: id,
    model: z.string().min(1).max(256),
    promptTokens: tokenCount,
    completionTokens: tokenCount,
  }),
);
export type UsageRecordedV1 = z.infer<typeof usageRecordedV1>;

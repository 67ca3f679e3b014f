import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId, tokenCount } from './common';

const usageRecordedFieldsV1 = {
  tenantId,
  apiKeyId: id,
  requestId: id,
  model: z.string().min(1).max(256),
  promptTokens: tokenCount,
  completionTokens: tokenCount,
};

/** serving-service → billing-service: the tokens one request consumed. */
export const usageRecordedV1 = eventEnvelope(TOPICS.usageRecorded, 1, z.strictObject(usageRecordedFieldsV1));
export type UsageRecordedV1 = z.infer<typeof usageRecordedV1>;

/** Which meter bills the tokens: interactive requests, or the Batch API's (priced at the plan's batch discount). */
export const usageMeter = z.enum(['standard', 'batch']);
export type UsageMeter = z.infer<typeof usageMeter>;

/**
 * v2 adds the meter, and for batch usage the batch the request belonged to (so an invoice line traces back to it).
 * A v1 event is standard usage.
 */
export const usageRecordedV2 = eventEnvelope(
  TOPICS.usageRecorded,
  2,
  z
    .strictObject({ ...usageRecordedFieldsV1, meter: usageMeter, batchId: id.nullable() })
    .refine((data) => (data.meter === 'batch') === (data.batchId !== null), { path: ['batchId'], message: 'batch usage names its batch, other usage none' }),
);
export type UsageRecordedV2 = z.infer<typeof usageRecordedV2>;

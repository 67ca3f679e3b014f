import { apiKeyScope } from '@llmchain/contracts';
import { z } from 'zod';

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  scopes: z
    .array(apiKeyScope)
    .min(1, 'needs at least one of serving, data, training, keys')
    .max(4)
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .nullable()
    .default(null),
});
export type CreateApiKeyDto = z.infer<typeof createApiKeySchema>;

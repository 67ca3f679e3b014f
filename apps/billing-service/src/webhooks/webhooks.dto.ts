import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-sources';
import { MAX_URL_LENGTH } from './webhook-target';

const eventTypes = z
  .array(z.string().refine((type) => WEBHOOK_EVENT_TYPES.includes(type), { error: (issue) => `unknown event type ${JSON.stringify(issue.input)}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'needs at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

const endpointFields = {
  url: z.string().trim().min(1, 'is required').max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`),
  eventTypes,
  description: z.string().trim().max(500, 'must be at most 500 characters'),
};

export const createEndpointSchema = z.strictObject({ ...endpointFields, description: endpointFields.description.default('') });
export type CreateEndpointDto = z.infer<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .strictObject(endpointFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of url, eventTypes, description');
export type UpdateEndpointDto = z.infer<typeof updateEndpointSchema>;

const DAY_SECONDS = 86_400;

/** How long the old secret keeps signing beside the new one (24 h by default, as Svix does; at most 7 days). */
export const rotateSecretSchema = z.strictObject({
  overlapSeconds: z.number().int('must be a whole number').min(0).max(7 * DAY_SECONDS, 'must be at most 7 days').default(DAY_SECONDS),
});
export type RotateSecretDto = z.infer<typeof rotateSecretSchema>;

export const deliveryListQuerySchema = listQuerySchema.extend({ status: z.enum(['pending', 'succeeded', 'failed']).optional() });
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;

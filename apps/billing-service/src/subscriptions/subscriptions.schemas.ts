import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { Wire } from '../common/wire';
import { planSchema } from '../common/plan-schema';
import { subscriptionView } from './subscription-view';

/** A subscription with its plan version (subscriptions.controller.ts). */
export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    planId: z.uuid(),
    startsOn: isoDateTime.meta({ description: 'Midnight UTC of the first day on the plan' }),
    endsOn: isoDateTime.nullable().meta({ description: 'Midnight UTC of the first day no longer on it; null while it runs' }),
    createdAt: isoDateTime,
    plan: planSchema,
  })
  .meta({ id: 'Subscription' }) satisfies z.ZodType<Wire<ReturnType<typeof subscriptionView>>>;

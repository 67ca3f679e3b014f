import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date')
  .transform((value) => new Date(`${value}T00:00:00.000Z`))
  .refine((date) => !Number.isNaN(date.getTime()), 'must be a real date');

export const changeSubscriptionSchema = z.strictObject({
  planId: z.uuid('must be a plan id'),
  /** The first UTC day on the new plan; today when omitted. */
  startsOn: isoDate.optional(),
});
export type ChangeSubscriptionDto = z.infer<typeof changeSubscriptionSchema>;

export const cancelSubscriptionSchema = z.strictObject({ endsOn: isoDate.optional() });
export type CancelSubscriptionDto = z.infer<typeof cancelSubscriptionSchema>;

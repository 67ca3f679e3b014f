import { z } from 'zod';
import { PERIOD_PATTERN } from '../common/period';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date')
  .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00.000Z`).getTime()), 'must be a real date');

export const MAX_REPORT_DAYS = 366;

/** A month (`period`), a day range (`from` and `to`, both included), or neither for the current month. */
export const platformUsageQuerySchema = z
  .strictObject({
    period: z.string().regex(PERIOD_PATTERN, 'must be a YYYY-MM month').optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
    /** How many of the most consuming tenants to list. */
    top: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(10),
  })
  .refine((q) => !(q.period && (q.from || q.to)), { message: 'give either period or from and to, not both', path: ['period'] })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'from and to come together', path: ['to'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] })
  .refine((q) => !q.from || !q.to || dayCount(q.from, q.to) <= MAX_REPORT_DAYS, { message: `the range may span at most ${MAX_REPORT_DAYS} days`, path: ['to'] });
export type PlatformUsageQuery = z.infer<typeof platformUsageQuerySchema>;

function dayCount(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

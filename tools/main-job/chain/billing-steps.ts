import type { BillingSchemas } from '@llmchain/api-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChainError, HttpClient } from './http-client';

export type UsageReport = BillingSchemas['UsageReport'];
export type UpcomingInvoice = BillingSchemas['UpcomingInvoice'];

/**
 * The tenant's metered usage once billing has consumed what the chain produced: usage.recorded from serving and
 * training.job.completed from training arrive through Kafka, so this waits until the totals reach what is expected.
 */
export async function meteredUsage(
  billing: HttpClient,
  expected: { training: number; prompt: number; completion: number },
  timeoutMs = 120_000,
): Promise<UsageReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const usage = await billing.get<UsageReport>('/v1/usage');
    const reached = (['training', 'prompt', 'completion'] as const).every((meter) => Number(usage.totals[meter]) >= expected[meter]);
    if (reached) return usage;
    if (Date.now() > deadline) throw new ChainError(`billing has not metered the chain's usage after ${timeoutMs / 1000} s: ${JSON.stringify(usage.totals)}`);
    await sleep(500);
  }
}

/** What the period's invoice comes to so far, computed by billing as the real invoice will be. */
export function upcomingInvoice(billing: HttpClient): Promise<UpcomingInvoice> {
  return billing.get<UpcomingInvoice>('/v1/invoices/upcoming');
}

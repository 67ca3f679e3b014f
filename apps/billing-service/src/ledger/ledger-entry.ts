import { TrainingJobCompletedV1, UsageRecordedV1 } from '@llmchain/contracts';
import { isoDay, periodOf, utcDay } from '../common/period';
import { Meter } from '../invoices/invoice-calculator';

/** Tokens of one meter from one event, on the UTC day the event occurred. */
export type LedgerEntry = { tenantId: string; usageDay: string; usagePeriod: string; model: string; meter: Meter; tokens: number };

export function entriesOfUsage(event: UsageRecordedV1): LedgerEntry[] {
  const day = dayOf(event.occurredAt);
  const base = { tenantId: event.data.tenantId, usageDay: day, usagePeriod: day.slice(0, 7), model: event.data.model };
  return [
    { ...base, meter: 'prompt' as const, tokens: event.data.promptTokens },
    { ...base, meter: 'completion' as const, tokens: event.data.completionTokens },
  ].filter((e) => e.tokens > 0);
}

/** Trained tokens are billed whatever the job's outcome: the compute was spent. */
export function entriesOfTraining(event: TrainingJobCompletedV1): LedgerEntry[] {
  if (event.data.trainedTokens === 0) return [];
  const day = dayOf(event.occurredAt);
  return [
    {
      tenantId: event.data.tenantId,
      usageDay: day,
      usagePeriod: periodOf(new Date(day)),
      model: event.data.modelId ?? `training-job:${event.data.jobId}`,
      meter: 'training',
      tokens: event.data.trainedTokens,
    },
  ];
}

function dayOf(occurredAt: string): string {
  return isoDay(utcDay(new Date(occurredAt)));
}

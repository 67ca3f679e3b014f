import { TOPICS, TrainingJobCompletedV1, UsageRecordedV1, UsageRecordedV2 } from '@llmchain/contracts';
import { Meter, noTokens } from './meters';
import { isoDay, utcDay } from './period';

/**
 * One metered event as the ledger keeps it: its tokens per meter on the UTC day it occurred, and what it came from
 * (request or training job, key, model), so an invoice line's tokens trace back to it.
 */
export type MeteredEvent = {
  eventId: string;
  eventType: typeof TOPICS.usageRecorded | typeof TOPICS.trainingJobCompleted;
  tenantId: string;
  occurredAt: string;
  usageDay: string;
  usagePeriod: string;
  /**
   * The ledger rows' model: the served model's name, the trained model's name (its id from a producer that did not
   * say the name), or the job when it produced none. One name for one model, so usage lists it once.
   */
  ledgerModel: string;
  /** The served or trained model's name (or id, as above). */
  model: string | null;
  requestId: string | null;
  trainingJobId: string | null;
  apiKeyId: string | null;
  tokens: Record<Meter, number>;
  /** Serving's own requests: serving already took them off a prepaid tenant's live balance as it settled them. */
  liveSettled: boolean;
};

/** A v1 event, or a v2 one on the standard meter, bills prompt and completion tokens; v2 batch usage its own meters. */
export function meteredUsage(event: UsageRecordedV1 | UsageRecordedV2): MeteredEvent {
  const { tenantId, apiKeyId, requestId, model, promptTokens, completionTokens } = event.data;
  const batch = event.version === 2 && event.data.meter === 'batch';
  const tokens = batch ? { batch_prompt: promptTokens, batch_completion: completionTokens } : { prompt: promptTokens, completion: completionTokens };
  return {
    ...when(event.occurredAt),
    eventId: event.id,
    eventType: TOPICS.usageRecorded,
    tenantId,
    ledgerModel: model,
    model,
    requestId,
    trainingJobId: null,
    apiKeyId,
    tokens: { ...zeroTokens(), ...tokens },
    // Serving took its own requests (interactive and batch, both admitted) off a prepaid tenant's live balance and
    // hard budgets as it settled them; evals' usage (training-service) it never saw.
    liveSettled: event.producer === 'serving-service',
  };
}

/** Trained tokens are billed whatever the job's outcome: the compute was spent. */
export function meteredTraining(event: TrainingJobCompletedV1): MeteredEvent {
  const { tenantId, jobId, modelId, modelName, trainedTokens } = event.data;
  const model = modelName ?? modelId;
  return {
    ...when(event.occurredAt),
    eventId: event.id,
    eventType: TOPICS.trainingJobCompleted,
    tenantId,
    ledgerModel: model ?? `training-job:${jobId}`,
    model,
    requestId: null,
    trainingJobId: jobId,
    apiKeyId: null,
    tokens: { ...zeroTokens(), training: trainedTokens },
    liveSettled: false,
  };
}

const zeroTokens = (): Record<Meter, number> => Object.fromEntries(Object.keys(noTokens()).map((meter) => [meter, 0])) as Record<Meter, number>;

/** In milliseconds, as the ledger stores it: finer digits could round the stored instant into the next day. */
function when(occurredAt: string): Pick<MeteredEvent, 'occurredAt' | 'usageDay' | 'usagePeriod'> {
  const instant = new Date(occurredAt);
  const day = isoDay(utcDay(instant));
  return { occurredAt: instant.toISOString(), usageDay: day, usagePeriod: day.slice(0, 7) };
}

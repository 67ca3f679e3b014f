import { z } from 'zod';
import { apiKeyCreatedV1, apiKeyRevokedV1 } from './events/api-key';
import { invoiceIssuedV1 } from './events/invoice-issued';
import { quotaAlertV1 } from './events/quota-alert';
import { budgetThresholdReachedV1 } from './events/budget-threshold-reached';
import { budgetUpdatedV1, budgetUpdatedV2 } from './events/budget-updated';
import { creditBalanceChangedV1 } from './events/credit-balance-changed';
import { creditLowV1 } from './events/credit-low';
import { datasetVersionReadyV1 } from './events/dataset-version-ready';
import { evalRunFailedV1, evalRunFailedV2, evalRunSucceededV1, evalRunSucceededV2 } from './events/eval-run-finished';
import { modelAliasChangedV1 } from './events/model-alias-changed';
import { modelRegisteredV1, modelRegisteredV2, modelRegisteredV3 } from './events/model-registered';
import { platformProbeV1 } from './events/platform-probe';
import { quotaUpdatedV1, quotaUpdatedV2 } from './events/quota-updated';
import { tenantStatusChangedV1 } from './events/tenant-status-changed';
import { trainingJobCompletedV1 } from './events/training-job-completed';
import { trainingJobProgressV1 } from './events/training-job-progress';
import { usageRecordedV1, usageRecordedV2 } from './events/usage-recorded';
import { batchCompletedV1, batchFailedV1 } from './events/batch-finished';
import { TOPICS, Topic } from './topics';

/** Every schema version a topic carries. A new version is added here beside the old one, never in its place. */
export const EVENT_SCHEMAS = {
  [TOPICS.datasetVersionReady]: [datasetVersionReadyV1],
  [TOPICS.modelRegistered]: [modelRegisteredV1, modelRegisteredV2, modelRegisteredV3],
  [TOPICS.modelAliasChanged]: [modelAliasChangedV1],
  [TOPICS.usageRecorded]: [usageRecordedV1, usageRecordedV2],
  [TOPICS.trainingJobProgress]: [trainingJobProgressV1],
  [TOPICS.trainingJobCompleted]: [trainingJobCompletedV1],
  [TOPICS.evalRunSucceeded]: [evalRunSucceededV1, evalRunSucceededV2],
  [TOPICS.evalRunFailed]: [evalRunFailedV1, evalRunFailedV2],
  [TOPICS.batchCompleted]: [batchCompletedV1],
  [TOPICS.batchFailed]: [batchFailedV1],
  [TOPICS.apiKeyCreated]: [apiKeyCreatedV1],
  [TOPICS.apiKeyRevoked]: [apiKeyRevokedV1],
  [TOPICS.tenantStatusChanged]: [tenantStatusChangedV1],
  [TOPICS.quotaUpdated]: [quotaUpdatedV1, quotaUpdatedV2],
  [TOPICS.quotaAlert]: [quotaAlertV1],
  [TOPICS.invoiceIssued]: [invoiceIssuedV1],
  [TOPICS.creditLow]: [creditLowV1],
  [TOPICS.creditBalanceChanged]: [creditBalanceChangedV1],
  [TOPICS.budgetThresholdReached]: [budgetThresholdReachedV1],
  [TOPICS.budgetUpdated]: [budgetUpdatedV1, budgetUpdatedV2],
  [TOPICS.platformProbe]: [platformProbeV1],
} as const satisfies Record<Topic, readonly z.ZodType[]>;

export type EventOf<T extends Topic> = z.infer<(typeof EVENT_SCHEMAS)[T][number]>;

export type ParseResult<T extends Topic> = { ok: true; event: EventOf<T> } | { ok: false; reason: string };

/** Validates a raw message value (bytes, text or an already parsed object) against the topic's schemas. */
export function parseEvent<T extends Topic>(topic: T, raw: unknown): ParseResult<T> {
  let value = raw;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: `message on ${topic} is not JSON` };
    }
  }
  const schemas: readonly z.ZodType[] = EVENT_SCHEMAS[topic];
  const version = (value as { version?: unknown } | null)?.version;
  const schema = schemas.find((s) => (s as z.ZodObject).shape.version.value === version);
  if (!schema) {
    const known = schemas.map((s) => (s as z.ZodObject).shape.version.value).join(', ');
    return { ok: false, reason: `unknown version ${JSON.stringify(version)} on ${topic}; known: ${known}` };
  }
  const result = schema.safeParse(value);
  if (!result.success) return { ok: false, reason: z.prettifyError(result.error) };
  return { ok: true, event: result.data as EventOf<T> };
}

/** The schema version producers emit: the newest one the topic carries. */
export function latestVersion(topic: Topic): number {
  const schemas: readonly z.ZodType[] = EVENT_SCHEMAS[topic];
  return (schemas[schemas.length - 1] as z.ZodObject).shape.version.value as number;
}

/** Producers call this before publishing: an event that would be dead-lettered on receipt is never sent. */
export function assertValidEvent<T extends Topic>(topic: T, event: unknown): EventOf<T> {
  const result = parseEvent(topic, event);
  if (!result.ok) throw new InvalidEventError(topic, result.reason);
  return result.event;
}

export class InvalidEventError extends Error {
  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`invalid event for ${topic}: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

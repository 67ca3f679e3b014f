/**
 * Kafka topic names. Frozen once released: renaming a topic strands the messages already on it.
 * One topic per event type; schema versions travel inside the envelope.
 */
export const TOPICS = {
  datasetVersionReady: 'dataset.version.ready',
  modelRegistered: 'model.registered',
  modelAliasChanged: 'model.alias.changed',
  usageRecorded: 'usage.recorded',
  trainingJobProgress: 'training.job.progress',
  trainingJobCompleted: 'training.job.completed',
  evalRunSucceeded: 'eval.run.succeeded',
  evalRunFailed: 'eval.run.failed',
  batchCompleted: 'batch.completed',
  batchFailed: 'batch.failed',
  apiKeyCreated: 'apikey.created',
  apiKeyRevoked: 'apikey.revoked',
  tenantStatusChanged: 'tenant.status.changed',
  quotaUpdated: 'quota.updated',
  quotaAlert: 'quota.alert',
  invoiceIssued: 'invoice.issued',
  creditLow: 'credit.low',
  creditBalanceChanged: 'credit.balance.changed',
  budgetThresholdReached: 'budget.threshold_reached',
  budgetUpdated: 'budget.updated',
  platformProbe: 'platform.probe',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

const DEAD_LETTER_SUFFIX = '.dlq';

/** Where a consumer parks a message it cannot accept, with the reason in its headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

export const ALL_DEAD_LETTER_TOPICS: readonly string[] = ALL_TOPICS.map(deadLetterTopic);

import { EventOf, TOPICS, Topic } from '@llmchain/contracts';

/** How one Kafka topic's events become tenants' webhook events. */
export type WebhookEventSource<T extends Topic> = {
  /** Every webhook event type the topic can produce: what endpoints may subscribe to. */
  types: readonly string[];
  typeOf(event: EventOf<T>): string;
  /** The field of the event's data naming the object the event is about, sent as `data.id` (OpenAI's shape). */
  idField: string;
};

/** A topic whose every event is one webhook event type. */
const always = <T extends Topic>(type: string, idField: string): WebhookEventSource<T> => ({ types: [type], typeOf: () => type, idField });

/**
 * The topics tenants' webhooks are fed from, one line each: a topic added here is consumed, its types become
 * subscribable, and its events (whose data names their tenantId) are delivered.
 */
export const WEBHOOK_EVENT_SOURCES: { readonly [T in Topic]?: WebhookEventSource<T> } = {
  [TOPICS.trainingJobCompleted]: {
    types: ['fine_tuning.job.succeeded', 'fine_tuning.job.failed', 'fine_tuning.job.cancelled'],
    typeOf: (event) => `fine_tuning.job.${event.data.status}`,
    idField: 'jobId',
  },
  [TOPICS.evalRunSucceeded]: always('eval.run.succeeded', 'runId'),
  [TOPICS.evalRunFailed]: always('eval.run.failed', 'runId'),
  [TOPICS.invoiceIssued]: always('invoice.issued', 'invoiceId'),
  // A tenant's balance has no id of its own: the event is about the tenant.
  [TOPICS.creditLow]: always('credit.low', 'tenantId'),
  [TOPICS.budgetThresholdReached]: always('budget.threshold_reached', 'budgetId'),
  [TOPICS.batchCompleted]: always('batch.completed', 'batchId'),
  [TOPICS.batchFailed]: always('batch.failed', 'batchId'),
};

export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.values(WEBHOOK_EVENT_SOURCES).flatMap((source) => source.types);

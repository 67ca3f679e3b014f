import { TOPICS } from '@llmchain/contracts';
import { testKafka } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { Partitioners, Producer } from 'kafkajs';

export type UsageSpec = { tenantId: string; model: string; promptTokens: number; completionTokens: number; occurredAt?: Date };

export function usageEvent(spec: UsageSpec, id = randomUUID()) {
  return {
    id,
    type: TOPICS.usageRecorded,
    version: 1,
    occurredAt: (spec.occurredAt ?? new Date()).toISOString(),
    producer: 'serving-service',
    data: { tenantId: spec.tenantId, apiKeyId: 'key-1', requestId: randomUUID(), model: spec.model, promptTokens: spec.promptTokens, completionTokens: spec.completionTokens },
  };
}

/** Produces straight onto the namespaced topic, as serving-service's relay would. */
export class UsageProducer {
  private readonly producer: Producer = testKafka('billing-tests').producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });

  constructor(private readonly topicPrefix: string) {}

  connect() {
    return this.producer.connect();
  }

  disconnect() {
    return this.producer.disconnect();
  }

  /** Any events keyed by their tenant, usage.recorded unless another topic is named. */
  async send(events: { data: { tenantId: string } }[], topic: string = TOPICS.usageRecorded): Promise<void> {
    await this.producer.send({
      topic: `${this.topicPrefix}${topic}`,
      acks: -1,
      messages: events.map((e) => ({ key: e.data.tenantId, value: JSON.stringify(e) })),
    });
  }
}

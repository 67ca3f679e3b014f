import { ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { TopicNamespace } from './topic-namespace';

/**
 * Nest's Kafka server, subscribed to the namespaced physical topics while handlers keep matching on the logical
 * names they were declared with (`@EventPattern(TOPICS.x)`).
 */
export class NamespacedServerKafka extends ServerKafka {
  constructor(
    options: ConstructorParameters<typeof ServerKafka>[0],
    private readonly namespace: TopicNamespace,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((pattern) => this.namespace.physical(pattern));
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({
      ...this.options.run,
      eachMessage: (payload: EachMessagePayload) =>
        this.handleMessage({ ...payload, topic: this.namespace.logical(payload.topic) }),
    });
  }
}

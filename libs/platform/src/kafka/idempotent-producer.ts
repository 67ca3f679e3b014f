import { Kafka, Partitioners, Producer } from 'kafkajs';

/**
 * A connected producer with Kafka's idempotence on (one in-flight request, so retries cannot reorder or duplicate
 * within a partition). Topics are never auto-created: a misspelt topic fails instead of appearing.
 */
export async function connectIdempotentProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

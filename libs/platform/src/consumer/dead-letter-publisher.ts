import { deadLetterTopic } from '@llmchain/contracts';
import { Kafka, Producer } from 'kafkajs';
import { connectIdempotentProducer } from '../kafka/idempotent-producer';
import { TopicNamespace } from '../kafka/topic-namespace';
import { deadLettersPublished } from '../metrics/dead-letter-counter';

export type DeadLetter = {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  reason: string;
};

/**
 * Parks a message the consumer cannot accept on `<topic>.dlq`, byte for byte, with where it came from and why in
 * the headers, so the consumer keeps going and an operator can inspect or replay it.
 */
export class DeadLetterPublisher {
  private producer: Producer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly namespace: TopicNamespace,
    private readonly consumerName: string,
  ) {}

  async connect(): Promise<void> {
    this.producer = await connectIdempotentProducer(this.kafka);
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }

  async publish(letter: DeadLetter): Promise<void> {
    if (!this.producer) throw new Error('dead-letter publisher is not connected');
    await this.producer.send({
      topic: this.namespace.physical(deadLetterTopic(letter.topic)),
      acks: -1,
      messages: [
        {
          key: letter.key,
          value: letter.value,
          headers: {
            'dlq-reason': letter.reason,
            'dlq-source-topic': letter.topic,
            'dlq-source-partition': String(letter.partition),
            'dlq-source-offset': letter.offset,
            'dlq-consumer': this.consumerName,
            'dlq-at': new Date().toISOString(),
          },
        },
      ],
    });
    deadLettersPublished.inc({ topic: letter.topic });
  }
}

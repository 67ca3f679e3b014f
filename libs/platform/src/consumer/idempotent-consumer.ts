import { EventOf, parseEvent, Topic } from '@llmchain/contracts';
import type { KafkaContext } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { SqlExecutor, TransactionalDb } from '../database/sql-client';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { PermanentEventError } from './permanent-event-error';

export type EventEffect<T extends Topic> = (event: EventOf<T>, tx: SqlExecutor) => Promise<void>;

export type ConsumeOutcome = 'applied' | 'duplicate' | 'dead-lettered';

/**
 * Applies each event's effect exactly once: the event id is recorded in processed_events in the same transaction as
 * the effect, so a redelivered event (after a crash, a rebalance or a relay retry) changes nothing. Messages that fail
 * validation go to the dead-letter topic and the consumer moves on.
 */
export class IdempotentConsumer {
  constructor(
    private readonly db: TransactionalDb,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly consumerName: string,
    private readonly logger: Logger,
  ) {}

  async consume<T extends Topic>(topic: T, context: KafkaContext, effect: EventEffect<T>): Promise<ConsumeOutcome> {
    const message = context.getMessage();
    const parsed = parseEvent(topic, message.value);
    if (!parsed.ok) return this.deadLetter(topic, context, parsed.reason);
    const event = parsed.event;
    try {
      const applied = await this.db.$transaction(async (tx) => {
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO processed_events (consumer, event_id, topic) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
          this.consumerName,
          event.id,
          topic,
        );
        if (inserted === 0) return false;
        await effect(event, tx);
        return true;
      });
      return applied ? 'applied' : 'duplicate';
    } catch (error) {
      if (error instanceof PermanentEventError) return this.deadLetter(topic, context, error.message);
      throw error;
    }
  }

  private async deadLetter(topic: Topic, context: KafkaContext, reason: string): Promise<ConsumeOutcome> {
    const message = context.getMessage();
    this.logger.warn({ topic, partition: context.getPartition(), offset: message.offset, reason }, 'dead-lettering');
    await this.deadLetters.publish({
      topic,
      partition: context.getPartition(),
      offset: message.offset,
      key: message.key,
      value: message.value,
      reason,
    });
    return 'dead-lettered';
  }
}

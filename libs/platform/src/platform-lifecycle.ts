import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import { PLATFORM_CONFIG, PlatformConfig } from './config/platform-config';
import { DeadLetterPublisher } from './consumer/dead-letter-publisher';
import { PrismaClientClass } from './database/prisma-client-factory';
import { PgNotifications } from './database/pg-notifications';
import { PgSqlClient } from './database/pg-sql-client';
import { DATABASE } from './database/sql-client';
import { ensureTopics } from './kafka/ensure-topics';
import { KAFKA } from './kafka/kafka.tokens';
import { TopicNamespace } from './kafka/topic-namespace';
import { OUTBOX_RELAY_SQL, OutboxRelay } from './outbox/outbox-relay';
import { REDIS } from './redis/redis-connection';

/**
 * Starts the platform's background parts once the app is wired, and stops them in an order that drains work:
 * the relay stops before shutdown; producers and connections close only after Nest has closed the Kafka consumer
 * (its in-flight handlers may still dead-letter a message).
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly namespace: TopicNamespace,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(DATABASE) private readonly db: InstanceType<PrismaClientClass>,
    private readonly relay: OutboxRelay,
    @Inject(OUTBOX_RELAY_SQL) private readonly relaySql: PgSqlClient,
    private readonly notifications: PgNotifications,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async onApplicationBootstrap() {
    await ensureTopics(this.kafka, this.namespace, {
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_REPLICATION_FACTOR,
    });
    await this.deadLetters.connect();
    await this.relay.start();
    await this.notifications.start();
  }

  async beforeApplicationShutdown() {
    await this.relay.stop();
    await this.relaySql.end();
  }

  async onApplicationShutdown() {
    await this.notifications.stop();
    await this.deadLetters.disconnect();
    await this.redis.quit();
    await this.db.$disconnect();
  }
}

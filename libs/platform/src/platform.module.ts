import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { loadConfig } from './config/load-config';
import { PLATFORM_CONFIG, PlatformConfig, platformConfigSchema, SERVICE_NAME } from './config/platform-config';
import { DeadLetterPublisher } from './consumer/dead-letter-publisher';
import { IdempotentConsumer } from './consumer/idempotent-consumer';
import { DATABASE, TransactionalDb } from './database/sql-client';
import { DependencyIndicators } from './health/dependency-indicators';
import { HealthController } from './health/health.controller';
import { createKafka } from './kafka/kafka-client';
import { KAFKA } from './kafka/kafka.tokens';
import { createRootLogger, ROOT_LOGGER } from './logging/root-logger';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { PlatformLifecycle } from './platform-lifecycle';
import { ProbeController } from './probe/probe.controller';
import { ProbeRepository } from './probe/probe.repository';
import { ProbeService } from './probe/probe.service';
import { createRedis, REDIS } from './redis/redis-connection';

export type PlatformModuleOptions = {
  serviceName: 'data-service' | 'training-service' | 'serving-service' | 'billing-service';
  /** The service's Prisma client class; it must take the PlatformConfig in its constructor. */
  database: Type<TransactionalDb>;
};

/** What every service gets: config, JSON logs, Kafka, Redis, outbox, idempotent consumption, health, probes. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot({ serviceName, database }: PlatformModuleOptions): DynamicModule {
    const config = loadConfig(platformConfigSchema);
    const logger = createRootLogger(serviceName, config.LOG_LEVEL);
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false } } }),
      ],
      controllers: [HealthController, ProbeController],
      providers: [
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        database,
        { provide: DATABASE, useExisting: database },
        { provide: KAFKA, useFactory: () => createKafka(serviceName, config.KAFKA_BROKERS, logger) },
        { provide: REDIS, useFactory: () => createRedis(config.REDIS_URL) },
        { provide: OutboxWriter, useValue: new OutboxWriter(serviceName) },
        {
          provide: OutboxRelay,
          inject: [DATABASE, KAFKA],
          useFactory: (db: TransactionalDb, kafka: Kafka) =>
            new OutboxRelay(db, kafka, logger.child({ component: 'outbox-relay' }), { pollMs: config.OUTBOX_POLL_MS }),
        },
        {
          provide: DeadLetterPublisher,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) => new DeadLetterPublisher(kafka, serviceName),
        },
        {
          provide: IdempotentConsumer,
          inject: [DATABASE, DeadLetterPublisher],
          useFactory: (db: TransactionalDb, deadLetters: DeadLetterPublisher) =>
            new IdempotentConsumer(db, deadLetters, serviceName, logger.child({ component: 'consumer' }) as Logger),
        },
        DependencyIndicators,
        PlatformLifecycle,
        ProbeRepository,
        ProbeService,
      ],
      exports: [database, SERVICE_NAME, PLATFORM_CONFIG, ROOT_LOGGER, DATABASE, KAFKA, REDIS, OutboxWriter, IdempotentConsumer],
    };
  }
}

export type { PlatformConfig };

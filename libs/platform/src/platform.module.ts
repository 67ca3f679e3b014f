import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { BLOB_STORE } from './blob/blob-store';
import { createBlobStore } from './blob/blob-store-config';
import { loadConfig } from './config/load-config';
import { PLATFORM_CONFIG, PlatformConfig, platformConfigSchema, SERVICE_NAME } from './config/platform-config';
import { DeadLetterPublisher } from './consumer/dead-letter-publisher';
import { IdempotentConsumer } from './consumer/idempotent-consumer';
import { createPrismaClient, PrismaClientClass } from './database/prisma-client-factory';
import { PgNotifications } from './database/pg-notifications';
import { PgSqlClient } from './database/pg-sql-client';
import { poolTimeouts } from './database/pool-timeouts';
import { DATABASE, TransactionalDb } from './database/sql-client';
import { DependencyIndicators } from './health/dependency-indicators';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { createKafka } from './kafka/kafka-client';
import { KAFKA } from './kafka/kafka.tokens';
import { TopicNamespace } from './kafka/topic-namespace';
import { createRootLogger, ROOT_LOGGER } from './logging/root-logger';
import { ReplicaLease } from './lease/replica-lease';
import { HttpRequestCounterMiddleware } from './metrics/http-request-counter.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { PlatformMetrics } from './metrics/platform-metrics';
import { OUTBOX_CHANNEL, OUTBOX_RELAY_SQL, OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { PlatformLifecycle } from './platform-lifecycle';
import { ProbeController } from './probe/probe.controller';
import { ProbeRepository } from './probe/probe.repository';
import { ProbeService } from './probe/probe.service';
import { createRedis, REDIS } from './redis/redis-connection';

export type PlatformModuleOptions = {
  serviceName: 'data-service' | 'training-service' | 'serving-service' | 'billing-service';
  /** The service's generated PrismaClient class; the platform provides one instance of it under DATABASE. */
  prismaClient: PrismaClientClass;
  /** The service's own configuration (its schema extends platformConfigSchema), provided under `token`. */
  serviceConfig: { token: symbol; load: () => object };
  /** Whether the service keeps blobs: BLOB_STORE=local (BLOB_STORE_DIR) or s3 (S3_*), see blob/blob-store-config. */
  blobStore?: boolean;
};

/**
 * What every service gets: config (the platform's and the service's own, each validated once at boot), the blob
 * store if it keeps blobs, JSON logs, Kafka, Redis, outbox, idempotent consumption, Idempotency-Key on every POST,
 * health, probes, metrics.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forRoot({ serviceName, prismaClient, serviceConfig, blobStore = false }: PlatformModuleOptions): DynamicModule {
    const config = loadConfig(platformConfigSchema);
    const logger = createRootLogger(serviceName, config.LOG_LEVEL);
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false } } }),
      ],
      controllers: [HealthController, ProbeController, MetricsController],
      providers: [
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: serviceConfig.token, useFactory: serviceConfig.load },
        ...(blobStore ? [{ provide: BLOB_STORE, useFactory: () => createBlobStore() }] : []),
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: DATABASE, useFactory: () => createPrismaClient(prismaClient, config.DATABASE_URL, poolTimeouts(config)) },
        { provide: KAFKA, useFactory: () => createKafka(serviceName, config.KAFKA_BROKERS, logger) },
        { provide: TopicNamespace, useValue: new TopicNamespace(config.KAFKA_TOPIC_PREFIX) },
        {
          provide: REDIS,
          useFactory: () =>
            // Heard, a lost connection is one JSON log line per reconnect attempt, not ioredis's plain-text warning.
            createRedis(config.REDIS_URL).on('error', (err) => logger.warn({ err, component: 'redis' }, 'redis connection error')),
        },
        { provide: OutboxWriter, useValue: new OutboxWriter(serviceName) },
        {
          provide: ReplicaLease,
          inject: [REDIS, TopicNamespace],
          useFactory: (redis: Redis, namespace: TopicNamespace) => new ReplicaLease(redis, `${namespace.prefix}${serviceName}`),
        },
        {
          provide: PgNotifications,
          useFactory: () => new PgNotifications(config.DATABASE_URL, logger, { connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS }),
        },
        {
          // One connection: the relay runs one batch, check or purge at a time.
          provide: OUTBOX_RELAY_SQL,
          useFactory: () => new PgSqlClient({ connectionString: config.DATABASE_URL, max: 1, ...poolTimeouts(config) }, logger),
        },
        {
          provide: OutboxRelay,
          inject: [OUTBOX_RELAY_SQL, KAFKA, TopicNamespace, ReplicaLease, PgNotifications],
          useFactory: (db: PgSqlClient, kafka: Kafka, namespace: TopicNamespace, purgeLease: ReplicaLease, notifications: PgNotifications) => {
            const relay = new OutboxRelay(db, kafka, namespace, logger.child({ component: 'outbox-relay' }), {
              fallbackPollMs: config.OUTBOX_FALLBACK_POLL_MS,
              gatherMs: config.OUTBOX_GATHER_MS,
              purgeLease,
            });
            // Back from a lost connection: whatever was committed meanwhile went unheard.
            notifications.subscribe(OUTBOX_CHANNEL, { onNotify: () => relay.wake(), onListening: () => relay.wake() });
            return relay;
          },
        },
        {
          provide: DeadLetterPublisher,
          inject: [KAFKA, TopicNamespace],
          useFactory: (kafka: Kafka, namespace: TopicNamespace) => new DeadLetterPublisher(kafka, namespace, serviceName),
        },
        {
          provide: IdempotentConsumer,
          inject: [DATABASE, DeadLetterPublisher],
          useFactory: (db: TransactionalDb, deadLetters: DeadLetterPublisher) =>
            new IdempotentConsumer(db, deadLetters, serviceName, logger.child({ component: 'consumer' }) as Logger),
        },
        { provide: IdempotencyStore, inject: [DATABASE], useFactory: (db: TransactionalDb) => new IdempotencyStore(db) },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        DependencyIndicators,
        PlatformLifecycle,
        ProbeRepository,
        ProbeService,
        PlatformMetrics,
      ],
      exports: [TopicNamespace, SERVICE_NAME, PLATFORM_CONFIG, serviceConfig.token, ...(blobStore ? [BLOB_STORE] : []), ROOT_LOGGER, DATABASE, KAFKA, REDIS, ReplicaLease, PgNotifications, OutboxWriter, IdempotentConsumer, PlatformMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpRequestCounterMiddleware).forRoutes('*path');
  }
}

export type { PlatformConfig };

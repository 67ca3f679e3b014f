import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { SERVICE_NAME } from '../config/platform-config';
import { DATABASE, SqlExecutor } from '../database/sql-client';
import { KAFKA } from '../kafka/kafka.tokens';
import { TopicNamespace } from '../kafka/topic-namespace';
import { ROOT_LOGGER } from '../logging/root-logger';
import { registerConsumerLagGauge } from './consumer-lag-gauge';
import { deadLettersPublished } from './dead-letter-counter';
import { registerOutboxBacklogGauges } from './outbox-backlog-gauges';

/**
 * What every service exports at /metrics (docs/deploy's alerts read these): HTTP responses by route and status,
 * the outbox backlog, consumer lag, dead letters, and the process's own figures. A service with metrics of its
 * own keeps them in its registry and includes it here, so one scrape reads both.
 */
@Injectable()
export class PlatformMetrics implements OnApplicationShutdown {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP responses by route pattern and status (aborted: the client left before the answer)',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });
  private readonly included: Registry[] = [];
  private readonly consumerLag: { close(): Promise<void> };

  constructor(
    @Inject(SERVICE_NAME) serviceName: string,
    @Inject(DATABASE) db: SqlExecutor,
    @Inject(KAFKA) kafka: Kafka,
    namespace: TopicNamespace,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    const metricsLogger = logger.child({ component: 'metrics' });
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(deadLettersPublished);
    registerOutboxBacklogGauges(this.registry, db, metricsLogger);
    this.consumerLag = registerConsumerLagGauge(this.registry, kafka, namespace.physical(serviceName), metricsLogger);
  }

  /** Serves a service's own registry beside the platform's (metric names must not repeat). */
  include(registry: Registry): void {
    this.included.push(registry);
  }

  /** The registries a scrape reads: the platform's and those services included. */
  registries(): Registry[] {
    return [this.registry, ...this.included];
  }

  scrape(): Promise<string> {
    return Registry.merge(this.registries()).metrics();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumerLag.close();
  }
}

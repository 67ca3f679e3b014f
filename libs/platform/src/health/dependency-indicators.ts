import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Admin, Kafka } from 'kafkajs';
import { DATABASE, TransactionalDb } from '../database/sql-client';
import { KAFKA } from '../kafka/kafka.tokens';
import { REDIS } from '../redis/redis-connection';
import { withDeadline } from '../util/with-deadline';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * A client library's error may quote the URL it was given, credentials included (`redis://:secret@host`): readiness
 * detail names the failure, never the connection string.
 */
const withoutUrls = (message: string) => message.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>').replace(/password=\S+/gi, 'password=<redacted>');

/** Readiness means every dependency the service cannot work without answers now. */
@Injectable()
export class DependencyIndicators implements OnApplicationShutdown {
  private admin: Admin | null = null;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DATABASE) private readonly db: TransactionalDb,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  database() {
    return this.probe('database', async () => {
      await this.db.$queryRawUnsafe('SELECT 1');
    });
  }

  redisServer() {
    return this.probe('redis', async () => {
      const pong = await this.redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected PING reply ${pong}`);
    });
  }

  kafkaCluster() {
    return this.probe('kafka', async () => {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const cluster = await this.admin.describeCluster();
      return { brokers: cluster.brokers.length };
    });
  }

  async onApplicationShutdown() {
    await this.admin?.disconnect();
  }

  private async probe(key: string, check: () => Promise<Record<string, unknown> | void>) {
    const indicator = this.health.check(key);
    try {
      // A dependency that hangs counts as down: readiness probes must answer quickly.
      const details = await withDeadline(check(), PROBE_TIMEOUT_MS, () => new Error(`${key} did not answer within ${PROBE_TIMEOUT_MS} ms`));
      return indicator.up(details ?? {});
    } catch (error) {
      return indicator.down({ message: withoutUrls((error as Error).message) });
    }
  }
}

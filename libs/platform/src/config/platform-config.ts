import { z } from 'zod';
import { brokerList, logLevel, port, positiveMs, postgresUrl, redisUrl } from './env-types';

/** What every service needs to boot. A service extends it with its own variables. */
export const platformConfigSchema = z.object({
  PORT: port,
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  KAFKA_BROKERS: brokerList,
  LOG_LEVEL: logLevel.default('info'),
  /**
   * The bearer token operators (a Prometheus scrape, an operator's shell) present for metrics, diagnostics and
   * readiness detail. Set it in every deployment; unset, those answer callers on the service host only.
   */
  OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters: generate one with `openssl rand -hex 32`').optional(),
  /** Opening a database connection past this fails (a request answers 503) rather than waiting on an outage. */
  DATABASE_CONNECT_TIMEOUT_MS: positiveMs.default(5_000),
  /** Postgres cancels any statement running longer: no request or worker holds a connection without bound. */
  DATABASE_STATEMENT_TIMEOUT_MS: positiveMs.default(60_000),
  /**
   * A commit to the outbox wakes its relay at once (LISTEN/NOTIFY); this is how often an idle relay still checks for
   * rows it was not told of (a notification lost while its LISTEN connection was down), with one cheap query.
   */
  OUTBOX_FALLBACK_POLL_MS: positiveMs.default(2_000),
  /**
   * A woken relay publishes this long after the first commit it heard, with every commit of that time in one batch:
   * its work then stays out of the moment the committing request's client sends its next one. 0: at once.
   */
  OUTBOX_GATHER_MS: z.coerce.number().int().nonnegative().default(20),
  KAFKA_SESSION_TIMEOUT_MS: positiveMs.default(10_000),
  /**
   * How long a consumer's fetch waits on the broker when no message is there (one arriving answers it at once). A
   * stopping consumer waits out its fetch in flight, so this also bounds each consumer's share of a graceful stop.
   */
  KAFKA_FETCH_MAX_WAIT_MS: positiveMs.default(5_000),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().default(1),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'may contain only letters, digits, dots, underscores and dashes')
    .default(''),
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

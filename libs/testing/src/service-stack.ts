import { freePort } from './free-port';
import { infraEnv } from './infra-env';
import { ServiceProcess } from './service-process';
import { ServiceName } from './services';
import { createServiceDatabase, TestDatabase } from './test-database';
import { deleteTopicNamespace, uniqueTopicPrefix } from './kafka-namespace';

/**
 * Several real services sharing one fresh Kafka namespace, each with a fresh database: what a test needs to drive
 * the platform end to end without seeing any other test's (or a running stack's) data.
 */
export class ServiceStack {
  readonly topicPrefix = uniqueTopicPrefix();
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly databases = new Map<ServiceName, TestDatabase>();

  async add(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const infra = infraEnv();
    const database = await createServiceDatabase(name);
    this.databases.set(name, database);
    const service = new ServiceProcess(name, {
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: infra.REDIS_URL,
      KAFKA_BROKERS: infra.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      // The broker's minimum: a killed consumer's partitions move to its replacement within seconds.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'info',
      ...extraEnv,
    });
    this.services.set(name, service);
    return service;
  }

  get(name: ServiceName): ServiceProcess {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not part of this stack`);
    return service;
  }

  database(name: ServiceName): TestDatabase {
    const database = this.databases.get(name);
    if (!database) throw new Error(`${name} has no database in this stack`);
    return database;
  }

  async startAll(): Promise<void> {
    for (const service of this.services.values()) service.start();
    await Promise.all([...this.services.values()].map((s) => s.waitReady()));
  }

  async teardown(): Promise<void> {
    await Promise.allSettled([...this.services.values()].map((s) => s.stop()));
    await Promise.allSettled([...this.databases.values()].map((d) => d.drop()));
    await deleteTopicNamespace(this.topicPrefix);
  }
}

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
  /** Worker processes of the services above, sharing their service's database. */
  readonly workers: ServiceProcess[] = [];

  async add(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const database = await createServiceDatabase(name);
    this.databases.set(name, database);
    const service = new ServiceProcess(name, await this.environment(database, extraEnv));
    this.services.set(name, service);
    return service;
  }

  /** A worker process (`entry` under apps/<name>/src) of a service already added, on that service's database. */
  async addWorker(name: ServiceName, entry: string, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = new ServiceProcess(name, await this.environment(this.database(name), extraEnv), entry);
    this.workers.push(worker);
    return worker;
  }

  private async environment(database: TestDatabase, extraEnv: Record<string, string>): Promise<Record<string, string>> {
    const infra = infraEnv();
    return {
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      REDIS_URL: infra.REDIS_URL,
      KAFKA_BROKERS: infra.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      // The broker's minimum: a killed consumer's partitions move to its replacement within seconds.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      // Every stop (each suite's teardown, each restart a test makes) waits out each consumer's fetch in flight:
      // 5 s per consumer at the default, where a test needs no quieter broker.
      KAFKA_FETCH_MAX_WAIT_MS: '500',
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
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
    const processes = [...this.services.values(), ...this.workers];
    for (const process of processes) process.start();
    await Promise.all(processes.map((p) => p.waitReady()));
  }

  async teardown(): Promise<void> {
    await Promise.allSettled([...this.services.values(), ...this.workers].map((s) => s.stop()));
    await Promise.allSettled([...this.databases.values()].map((d) => d.drop()));
    await deleteTopicNamespace(this.topicPrefix);
  }
}

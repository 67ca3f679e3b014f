import { ServiceName, ServiceProcess } from '@llmchain/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, CHAIN_SERVICES, ChainStack } from '../chain/chain-stack';
import { RoundRobinProxy } from './round-robin-proxy';

const BOOT_TIMEOUT_MS = 240_000;

/** The kinds of process the platform runs, each twice here. */
export type Kind = ServiceName | 'training-worker' | 'cleaning-worker';

/**
 * The chain's services as they run at scale: two processes of each service, two training workers and two cleaning
 * workers, each with a working directory of its own (its models, model cache, training scratch), sharing only Postgres,
 * Redis, Kafka and the S3 bucket every blob lives in. Clients reach each service through a round-robin balancer over
 * its two replicas, so baseUrl() and urls() name the balancers.
 */
export class ScaleStack extends ChainStack {
  readonly replicas = new Map<Kind, ServiceProcess[]>();
  readonly proxies = new Map<ServiceName, { proxy: RoundRobinProxy; url: string }>();
  /** When the processes were started: their timers (the invoice run's) tick from then on. */
  startedAt = 0;

  constructor(private readonly bucketEnv: Record<string, string>) {
    super(bucketEnv);
  }

  override async start(): Promise<void> {
    const quick = {
      // A dead worker's job is taken over within seconds rather than the default half minute, yet a live worker
      // whose event loop a loaded machine stalls for a few seconds keeps its lock.
      CLEANING_JOB_LOCK_MS: '8000',
      TRAINING_JOB_LOCK_MS: '10000',
      // Sharded cleaning, one thread a process: two cores for twelve processes.
      CLEANING_SHARD_DOCUMENTS: '10',
      CLEANING_WORKERS: '1',
      CLEANING_IN_SERVICE: 'false',
      // The invoice run ticks every two seconds in both billing replicas: the lease must keep it to one run a period.
      INVOICE_RUN_INTERVAL_MS: '2000',
      // Twelve processes open their pools at once on a loaded machine: more than the default 5 s to connect.
      DATABASE_CONNECT_TIMEOUT_MS: '20000',
      // A killed serving replica's running requests are settled by the survivor 6 s after its last heartbeat.
      ORPHAN_AFTER_MS: '6000',
    };
    await this.twice('billing-service', { ...quick, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    await this.twice('data-service', { ...this.bucketEnv, ...quick, UPLOAD_MAX_BYTES: String(2_000_000) });
    await this.twice('serving-service', { ...this.bucketEnv, ...quick }, (dir) => ({ MODELS_DIR: path.join(dir, 'models'), MODEL_CACHE_DIR: path.join(dir, 'cache') }));
    const trainingDirs = (dir: string) => ({ TRAINING_WORK_DIR: path.join(dir, 'training-work') });
    await this.twice('training-service', { ...this.bucketEnv, ...quick }, trainingDirs);
    await this.twice('training-worker', { ...this.bucketEnv, ...quick }, trainingDirs);
    await this.twice('cleaning-worker', { ...this.bucketEnv, ...quick });
    const processes = [...this.replicas.values()].flat();
    this.startedAt = Date.now();
    for (const process of processes) process.start();
    await Promise.all(processes.map((p) => p.waitReady(BOOT_TIMEOUT_MS)));
    for (const service of CHAIN_SERVICES) {
      const proxy = new RoundRobinProxy(this.of(service).map((p) => p.baseUrl));
      this.proxies.set(service, { proxy, url: await proxy.start() });
    }
    const login = await this.call('billing-service', 'POST', '/auth/login', { json: ADMIN });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
    this.adminToken = (login.json as { token: string }).token;
  }

  override async teardown(): Promise<void> {
    await Promise.all([...this.proxies.values()].map(({ proxy }) => proxy.stop()));
    await super.teardown();
  }

  override baseUrl(service: ServiceName): string {
    const balanced = this.proxies.get(service);
    if (!balanced) throw new Error(`${service} has no balancer yet`);
    return balanced.url;
  }

  of(kind: Kind): ServiceProcess[] {
    return this.replicas.get(kind) ?? [];
  }

  /** Two processes of a kind, the first on the service's fresh database, each in a directory of its own. */
  private async twice(kind: Kind, env: Record<string, string>, dirs: (dir: string) => Record<string, string> = () => ({})): Promise<void> {
    const service: ServiceName = kind === 'training-worker' ? 'training-service' : kind === 'cleaning-worker' ? 'data-service' : kind;
    const entry = kind === 'training-worker' ? 'worker.ts' : kind === 'cleaning-worker' ? 'cleaning-worker.ts' : 'main.ts';
    const processes: ServiceProcess[] = [];
    for (const replica of [0, 1]) {
      const dir = path.join(this.dir, `${kind}-${replica}`);
      mkdirSync(dir, { recursive: true });
      const processEnv = { ...env, ...dirs(dir) };
      const first = entry === 'main.ts' && replica === 0;
      processes.push(first ? await this.stack.add(service, processEnv) : await this.stack.addWorker(service, entry, processEnv));
    }
    this.replicas.set(kind, processes);
  }
}

import { BatchedDecoder, InferenceModel, MeanPooledEmbedder } from '@llmchain/model-runtime';
import { ROOT_LOGGER } from '@llmchain/platform';
import { Tokenizer } from '@llmchain/tokenizer';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { BatchScheduler } from '../engine/batch-scheduler';
import { UsageMeter } from '../metering/usage-meter';
import { ModelDirectorySource } from './model-directory-source';
import { ModelsRepository } from './models.repository';
import { LoadedModel, ModelState, ServedModelRecord } from './served-model';

interface Entry {
  record: ServedModelRecord;
  state: ModelState;
}

export class ModelUnloadedError extends Error {
  constructor(name: string) {
    super(`the model ${name} was unloaded`);
  }
}

/**
 * The models this process serves, by tenant and name. Each loads once (one onnxruntime session per model per
 * process, through the runtime's session cache) in the background: requests meanwhile get 503.
 */
@Injectable()
export class ModelRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly logger: Logger;
  private syncTimer?: NodeJS.Timeout;

  constructor(
    private readonly repository: ModelsRepository,
    private readonly source: ModelDirectorySource,
    private readonly meter: UsageMeter,
    @Inject(SERVING_CONFIG) private readonly config: ServingConfig,
    @Inject(ROOT_LOGGER) rootLogger: Logger,
  ) {
    this.logger = rootLogger.child({ component: 'model-registry' });
  }

  /**
   * Loads the models registered before this process started, then keeps up with the table: a model.registered
   * reaches one process of the consumer group, and a delete one process, while every process serves every model.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    this.syncTimer = setInterval(() => void this.sync().catch((err: Error) => this.logger.warn({ err }, 'model sync failed')), this.config.MODEL_SYNC_MS);
    this.syncTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.syncTimer);
    this.abortAll(new ModelUnloadedError('every model'));
  }

  /** Loads recorded models this process lacks and unloads the ones no longer recorded. */
  async sync(): Promise<void> {
    const records = await this.repository.all();
    const recorded = new Set(records.map((r) => r.modelId));
    for (const record of records) void this.load(record);
    for (const entry of [...this.entries.values()]) {
      if (!recorded.has(entry.record.modelId)) this.unload(entry.record.tenantId, entry.record.name);
    }
  }

  /** Fails every queued and running generation of every model (shutdown). */
  abortAll(reason: Error): void {
    for (const entry of this.entries.values()) {
      if (entry.state.status === 'ready') entry.state.loaded.scheduler.abortAll(reason);
    }
  }

  /** The model a tenant calls by this name, or undefined when it has none. */
  lookup(tenantId: string, name: string): Entry | undefined {
    return this.entries.get(keyOf(tenantId, name));
  }

  /** The tenant's models, for GET /v1/models. */
  listFor(tenantId: string): ServedModelRecord[] {
    return [...this.entries.values()].filter((e) => e.record.tenantId === tenantId).map((e) => e.record);
  }

  /** Every loaded model, for metrics. */
  loaded(): LoadedModel[] {
    return [...this.entries.values()].flatMap((e) => (e.state.status === 'ready' ? [e.state.loaded] : []));
  }

  /** Starts loading a model (replacing whatever the tenant served under its name); returns once it is ready or failed. */
  load(record: ServedModelRecord): Promise<void> {
    const key = keyOf(record.tenantId, record.name);
    const previous = this.entries.get(key);
    if (previous?.record.modelId === record.modelId) return Promise.resolve();
    if (previous) this.unloadEntry(previous);
    const entry: Entry = { record, state: { status: 'loading' } };
    this.entries.set(key, entry);
    return this.open(record).then(
      (loaded) => {
        if (this.entries.get(key) === entry) entry.state = { status: 'ready', loaded };
        this.logger.info({ model: record.name, tenantId: record.tenantId }, 'model loaded');
      },
      (error: Error) => {
        entry.state = { status: 'failed', reason: error.message };
        this.logger.error({ model: record.name, err: error }, 'model failed to load');
      },
    );
  }

  unload(tenantId: string, name: string): boolean {
    const entry = this.entries.get(keyOf(tenantId, name));
    if (!entry) return false;
    this.unloadEntry(entry);
    this.entries.delete(keyOf(tenantId, name));
    return true;
  }

  private unloadEntry(entry: Entry): void {
    if (entry.state.status === 'ready') entry.state.loaded.scheduler.abortAll(new ModelUnloadedError(entry.record.name));
  }

  private async open(record: ServedModelRecord): Promise<LoadedModel> {
    const dir = await this.source.directoryFor(record.artifactKey, record.artifactSha256);
    const [model, tokenizer] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
    const scheduler = new BatchScheduler(() => new BatchedDecoder(model), {
      maxBatchSize: this.config.MAX_BATCH_SIZE,
      maxQueuedRequests: this.config.MAX_QUEUED_REQUESTS,
      maxQueuedTokens: this.config.MAX_QUEUED_TOKENS,
      prefillTokensPerStep: this.config.PREFILL_TOKENS_PER_STEP,
      joinEverySteps: this.config.JOIN_EVERY_STEPS,
      beforeStep: () => this.meter.backlog(),
    });
    let embedder: Promise<MeanPooledEmbedder> | undefined;
    return { record, model, tokenizer, scheduler, embedder: () => (embedder ??= MeanPooledEmbedder.load(dir)) };
  }
}

const keyOf = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

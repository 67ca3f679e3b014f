import { InferenceModel, MeanPooledEmbedder, readPeftAdapter } from '@llmchain/model-runtime';
import { ROOT_LOGGER } from '@llmchain/platform';
import { Tokenizer } from '@llmchain/tokenizer';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { SERVING_CONFIG, ServingConfig } from '../config/serving-config';
import { createModelScheduler } from '../engine/model-scheduler';
import { UsageMeter } from '../metering/usage-meter.service';
import { ModelArtifactIntegrityError } from './model-artifact-integrity';
import { ModelDirectorySource } from './model-directory-source';
import { ModelsRepository } from './models.repository';
import { LoadedModel, ModelState, ServedModelRecord } from './served-model';

/** Largest adapter_model.safetensors serving reads: far above any rank a tenant trains, far below a base. */
const MAX_ADAPTER_BYTES = 1 << 30;

export interface ModelEntry {
  record: ServedModelRecord;
  /** The name tenants call it by: a base's own name; for an adapter, adapterServedName. */
  servedName: string;
  state: ModelState;
  /** Settles when the load ends: the loaded model, or undefined when it failed. */
  loading: Promise<LoadedModel | undefined>;
}

export class ModelUnloadedError extends Error {
  constructor(name: string) {
    super(`the model ${name} was unloaded`);
  }
}

const isAdapter = (record: ServedModelRecord) => record.kind === 'adapter';

/**
 * The models this process serves. A base (trained or imported) loads once (one onnxruntime session per model per
 * process, through the runtime's session cache) in the background: requests meanwhile get 503. An adapter loads on
 * top of its base's resident copy: it shares the base's session and batch, so requests for different adapters of a
 * base run in the same decode steps, and costs only its own low-rank factors.
 */
@Injectable()
export class ModelRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  /** By model id. */
  private readonly entries = new Map<string, ModelEntry>();
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

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.syncTimer);
    this.abortAll(new ModelUnloadedError('every model'));
    await Promise.all(this.loaded().map((loaded) => loaded.model.close()));
  }

  /**
   * Loads recorded models this process lacks (bases before adapters; an adapter whose base is not recorded yet waits
   * for a later sync) and unloads the ones no longer recorded.
   */
  async sync(): Promise<void> {
    const records = await this.repository.all();
    const recorded = new Set(records.map((r) => r.modelId));
    for (const record of records) if (!isAdapter(record)) void this.load(record);
    for (const record of records) if (isAdapter(record)) void this.load(record);
    for (const modelId of [...this.entries.keys()]) if (!recorded.has(modelId)) this.unload(modelId);
  }

  /** Fails every queued and running generation of every model (shutdown). */
  abortAll(reason: Error): void {
    for (const loaded of this.loaded()) loaded.scheduler.abortAll(reason);
  }

  /** The model a tenant calls by this name (its own, else a platform model), or undefined when it has none. */
  lookup(tenantId: string, name: string): ModelEntry | undefined {
    const matches = [...this.entries.values()].filter((e) => e.servedName === name && visibleTo(e.record, tenantId));
    return matches.find((e) => e.record.tenantId === tenantId) ?? matches[0];
  }

  /** The model with this id, whoever may call it (an alias's version, checked when the alias was set). */
  byId(modelId: string): ModelEntry | undefined {
    return this.entries.get(modelId);
  }

  /** The tenant's models and the platform's, for GET /v1/models. */
  listFor(tenantId: string): ModelEntry[] {
    return [...this.entries.values()].filter((e) => visibleTo(e.record, tenantId));
  }

  /** Every loaded base (each with the one batch its adapters share), for metrics. */
  loaded(): LoadedModel[] {
    return [...this.entries.values()].flatMap((e) => (e.state.status === 'ready' && !e.state.loaded.adapter ? [e.state.loaded] : []));
  }

  /**
   * Starts loading a model, replacing whatever its tenant served under its name; returns once it is ready or failed
   * (at once for an adapter whose base this process does not know yet).
   */
  async load(record: ServedModelRecord): Promise<void> {
    const current = this.entries.get(record.modelId);
    if (current) return void (await current.loading);
    const base = record.baseModelId ? this.entries.get(record.baseModelId) : undefined;
    if (isAdapter(record) && !base) return;
    for (const other of [...this.entries.values()]) {
      if (other.record.tenantId === record.tenantId && other.record.name === record.name) this.unload(other.record.modelId);
    }
    const servedName = base ? adapterServedName(base.record.name, record.name) : record.name;
    const entry: ModelEntry = { record, servedName, state: { status: 'loading' }, loading: Promise.resolve(undefined) };
    this.entries.set(record.modelId, entry);
    entry.loading = (base ? this.openAdapter(record, base) : this.openBase(record)).then(
      (loaded) => {
        if (this.entries.get(record.modelId) === entry) entry.state = { status: 'ready', loaded };
        // Replaced or unloaded while it loaded: a base's thread goes.
        else if (!loaded.adapter) void loaded.model.close();
        this.logger.info({ model: servedName, tenantId: record.tenantId }, 'model loaded');
        return loaded;
      },
      (error: Error) => {
        entry.state = { status: 'failed', reason: error.message };
        if (error instanceof ModelArtifactIntegrityError) {
          const { artifactKey, expectedSha256, foundSha256 } = error;
          const refused = { event: 'model.artifact.rejected', modelId: record.modelId, tenantId: record.tenantId, artifactKey, expectedSha256, foundSha256 };
          this.logger.error({ model: servedName, ...refused }, 'model refused: its files do not match its registration');
        } else this.logger.error({ model: servedName, err: error }, 'model failed to load');
        return undefined;
      },
    );
    await entry.loading;
  }

  /** Stops serving a model: its running requests fail, and a base's adapters go with it. */
  unload(modelId: string): boolean {
    const entry = this.entries.get(modelId);
    if (!entry) return false;
    this.entries.delete(modelId);
    const reason = new ModelUnloadedError(entry.servedName);
    if (entry.state.status === 'ready') {
      const { scheduler, adapter } = entry.state.loaded;
      if (adapter) scheduler.abortWhere((request) => request.adapter === adapter, reason);
      else {
        scheduler.abortAll(reason);
        void entry.state.loaded.model.close();
      }
    }
    for (const other of [...this.entries.values()]) if (other.record.baseModelId === modelId) this.unload(other.record.modelId);
    return true;
  }

  private async openBase(record: ServedModelRecord): Promise<LoadedModel> {
    const dir = await this.source.directoryFor(record.artifactKey, record.artifactSha256);
    const [model, tokenizer] = await Promise.all([InferenceModel.load(dir, { thread: this.config.MODEL_THREAD }), Tokenizer.load(dir)]);
    const scheduler = createModelScheduler(model, this.config, () => this.meter.backlog());
    let embedder: Promise<MeanPooledEmbedder> | undefined;
    return { record, model, tokenizer, scheduler, embedder: () => (embedder ??= MeanPooledEmbedder.load(dir)) };
  }

  /** The adapter's PEFT files, converted once for its base's LoRA inputs; it runs in the base's session and batch. */
  private async openAdapter(record: ServedModelRecord, base: ModelEntry): Promise<LoadedModel> {
    const loadedBase = await base.loading;
    if (!loadedBase) throw new Error(`its base model ${base.servedName} failed to load`);
    const dir = await this.source.directoryFor(record.artifactKey, record.artifactSha256);
    const adapter = await loadedBase.model.loadAdapter(readPeftAdapter(dir, { maxBytes: MAX_ADAPTER_BYTES }));
    const { model, tokenizer, scheduler } = loadedBase;
    return { record, model, tokenizer, scheduler, adapter };
  }
}

/** `<base>:<adapter>`, unless the adapter already has an OpenAI-style `ft:<base>:<suffix>:<id>` name (training-service's). */
const adapterServedName = (baseName: string, adapterName: string) => (adapterName.startsWith('ft:') ? adapterName : `${baseName}:${adapterName}`);

const visibleTo = (record: ServedModelRecord, tenantId: string) => record.tenantId === tenantId || record.visibility === 'platform';

import { CleaningSettings, ContaminationCheck, ParallelPreparer, QualityModel, resolveSettings } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { DatasetsRepository } from '../../datasets/datasets.repository';
import { CleaningRun } from '../../generated/prisma/client';
import { AppliedQualityClassifier } from '../../quality-classifiers/applied-quality-classifier';
import { loadContaminationCheck } from '../contamination-check';

export type ShardedRunContext = { settings: CleaningSettings; qualityModel?: QualityModel; contamination?: ContaminationCheck };

type LoadedRun = { context: Promise<ShardedRunContext>; preparer?: ParallelPreparer };

/** Runs whose classifier and evaluation set this process keeps loaded: the shards of one run usually follow each other. */
const RUNS_KEPT = 2;

/**
 * A run's settings with what they name loaded (the quality classifier's model, the contamination rule's evaluation
 * set), and the stage threads its shards run on: once per run per process rather than once per shard (a fresh thread
 * costs about a CPU-second of compiling before its first document).
 */
@Injectable()
export class ShardedRunContexts implements OnApplicationShutdown {
  private readonly loaded = new Map<string, LoadedRun>();

  constructor(
    private readonly datasets: DatasetsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly qualityClassifier: AppliedQualityClassifier,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  forRun(run: CleaningRun): Promise<ShardedRunContext> {
    return this.loadedRun(run).context;
  }

  /** The run's stage threads, started on first use; `discard` them after a shard failed, whatever state they are in. */
  async preparerFor(run: CleaningRun): Promise<ParallelPreparer> {
    const loaded = this.loadedRun(run);
    const { settings, qualityModel } = await loaded.context;
    loaded.preparer ??= new ParallelPreparer(settings, {
      workers: this.config.CLEANING_WORKERS,
      qualityModel,
      documentBudgetMs: this.config.CLEANING_DOCUMENT_BUDGET_MS,
    });
    return loaded.preparer;
  }

  async discardPreparer(runId: string): Promise<void> {
    const loaded = this.loaded.get(runId);
    const preparer = loaded?.preparer;
    if (loaded) loaded.preparer = undefined;
    await preparer?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.loaded.keys()].map((runId) => this.discardPreparer(runId)));
  }

  private loadedRun(run: CleaningRun): LoadedRun {
    let loaded = this.loaded.get(run.id);
    if (!loaded) {
      const context = this.load(run);
      context.catch(() => this.loaded.delete(run.id));
      loaded = { context };
      this.loaded.set(run.id, loaded);
      if (this.loaded.size > RUNS_KEPT) {
        const oldest = this.loaded.keys().next().value!;
        void this.discardPreparer(oldest);
        this.loaded.delete(oldest);
      }
    }
    return loaded;
  }

  private async load(run: CleaningRun): Promise<ShardedRunContext> {
    const settings = resolveSettings(run.settings as object);
    return {
      settings,
      qualityModel: await this.qualityClassifier.load(run.tenantId, settings),
      contamination: await loadContaminationCheck(this.datasets, this.blobs, run.tenantId, settings),
    };
  }
}

import { CleaningSettings, ContaminationCheck, QualityModel, resolveSettings } from '@llmchain/data-cleaning';
import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DatasetsRepository } from '../../datasets/datasets.repository';
import { CleaningRun } from '../../generated/prisma/client';
import { AppliedQualityClassifier } from '../../quality-classifiers/applied-quality-classifier';
import { loadContaminationCheck } from '../contamination-check';

export type ShardedRunContext = { settings: CleaningSettings; qualityModel?: QualityModel; contamination?: ContaminationCheck };

/** Runs whose classifier and evaluation set this process keeps loaded: the shards of one run usually follow each other. */
const RUNS_KEPT = 2;

/**
 * A run's settings with what they name loaded (the quality classifier's model, the contamination rule's evaluation
 * set), once per run per process rather than once per shard.
 */
@Injectable()
export class ShardedRunContexts {
  private readonly loaded = new Map<string, Promise<ShardedRunContext>>();

  constructor(
    private readonly datasets: DatasetsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly qualityClassifier: AppliedQualityClassifier,
  ) {}

  forRun(run: CleaningRun): Promise<ShardedRunContext> {
    let context = this.loaded.get(run.id);
    if (!context) {
      context = this.load(run);
      context.catch(() => this.loaded.delete(run.id));
      this.loaded.set(run.id, context);
      if (this.loaded.size > RUNS_KEPT) this.loaded.delete(this.loaded.keys().next().value!);
    }
    return context;
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

import { ListQuery, tenantLimitReached } from '@llmchain/platform';
import { resolveSettings, settingsHash } from '@llmchain/data-cleaning';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../config/data-service-config';
import { CorporaRepository } from '../corpora/corpora.repository';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { CleaningRun } from '../generated/prisma/client';
import { AppliedQualityClassifier } from '../quality-classifiers/applied-quality-classifier';
import { CleaningQueue } from './cleaning-queue';
import { StartCleaningRun } from './cleaning-run.dto';
import { CleaningRepository } from './cleaning.repository';

@Injectable()
export class CleaningService {
  constructor(
    private readonly runs: CleaningRepository,
    private readonly corpora: CorporaRepository,
    private readonly datasets: DatasetsRepository,
    private readonly queue: CleaningQueue,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
    private readonly qualityClassifier: AppliedQualityClassifier,
  ) {}

  /**
   * Records the run with its resolved settings, then queues it; a corpus the tenant does not own answers 404, a tenant
   * at its limit of unfinished runs 429.
   */
  async start(tenantId: string, request: StartCleaningRun): Promise<CleaningRun> {
    const corpusIds = [...new Set(request.corpusIds)];
    const corpora = await this.corpora.findManyByIds(tenantId, corpusIds);
    const missing = corpusIds.filter((id) => !corpora.some((c) => c.id === id));
    if (missing.length > 0) throw new NotFoundException(`no corpus ${missing.join(', ')}`);
    const settings = await this.qualityClassifier.pin(tenantId, resolveSettings(request.settings ?? {}));
    const evaluationSet = settings.contamination.enabled ? settings.contamination.datasetVersionId! : null;
    if (evaluationSet && !(await this.datasets.findVersion(tenantId, evaluationSet))) {
      throw new NotFoundException(`no dataset version ${evaluationSet} (settings.contamination.datasetVersionId): name one of your versions`);
    }
    const maxUnfinished = this.config.TENANT_MAX_QUEUED_CLEANING_RUNS;
    const outcome = await this.runs.createWithinLimit(
      {
        tenantId,
        datasetName: request.datasetName,
        corpusIds,
        settings,
        settingsHash: settingsHash(settings),
        totalBytes: corpora.reduce((sum, c) => sum + c.bytes, 0n),
      },
      maxUnfinished,
    );
    if ('unfinished' in outcome)
      throw tenantLimitReached(
        'queued_cleaning_runs',
        `you have ${outcome.unfinished} cleaning runs queued or running, the most a tenant may have (${maxUnfinished}): start this one when one of them has finished`,
      );
    const run = outcome.created;
    try {
      await this.queue.enqueue({ runId: run.id, tenantId });
    } catch (error) {
      await this.runs.markFailed(run.id, `could not queue the run: ${(error as Error).message}`);
      throw error;
    }
    return run;
  }

  async get(tenantId: string, id: string): Promise<CleaningRun> {
    const run = await this.runs.findById(tenantId, id);
    if (!run) throw new NotFoundException(`no cleaning run ${id}`);
    return run;
  }

  /** The tenant's runs, newest first, `limit` at a time (one row more read to tell whether more follow). */
  list(tenantId: string, query: ListQuery): Promise<CleaningRun[]> {
    return this.runs.list(tenantId, query);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { CreditAdmission } from '../credits/credit-admission';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { Eval } from '../generated/prisma/client';
import { evalRunCriteria } from './eval.dto';
import { estimatedEvalRunTokens } from './eval-run-estimate';

/**
 * A prepaid tenant's eval run holds its estimated tokens on the live balance before it is created, however it is
 * started (by the tenant, or by a training job's eval early stopping): 429 insufficient_quota when the balance
 * does not cover them. The hold ends when the run does (EvalRunCompletion), or at once if it is not created.
 */
@Injectable()
export class EvalRunHold {
  constructor(
    private readonly credits: CreditAdmission,
    private readonly datasets: DatasetVersionsRepository,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  async hold(runId: string, evalRow: Eval, samples: boolean): Promise<void> {
    const dataset = await this.datasets.findForTenant(evalRow.tenantId, evalRow.datasetVersionId);
    const items = Math.min(dataset?.documents ?? this.config.EVAL_MAX_ITEMS, this.config.EVAL_MAX_ITEMS);
    await this.credits.holdRun(evalRow.tenantId, runId, estimatedEvalRunTokens(items, evalRunCriteria(evalRow), samples, this.config.EVAL_MAX_TOKENS_PER_ITEM), 'eval run');
  }

  release(tenantId: string, runId: string): Promise<void> {
    return this.credits.releaseRun(tenantId, runId);
  }
}

import { HttpException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { evalRunCriteria } from '../evals/eval.dto';
import { EvalRunHold } from '../evals/eval-run-hold';
import { criterionTemplates } from '../evals/evals.service';
import { readsSample } from '../evals/item-template';
import { EvalsRepository } from '../evals/evals.repository';
import { RunEvalJob } from '../evals/run-eval.job';
import { jobCheckpointName } from '../evals/runner/checkpoint-model-name';
import { CriterionSummary, CriterionTally } from '../evals/runner/criterion-tally';
import { Eval, TrainingJob } from '../generated/prisma/client';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { EvalMetric } from '../jobs/training-job.dto';
import { CheckpointRecord, TrainingJobError } from '../runner';


/**
 * Eval-metric early stopping: an eval run on a job's checkpoint, run here in the training worker (the job waits for
 * its score), visible and metered like any run (eval.run.* v2 names the job and step), its score recorded on the
 * checkpoint. A checkpoint already given a run (the worker stopped while it ran) continues that run.
 */
@Injectable()
export class CheckpointEvals {
  constructor(
    private readonly evals: EvalsRepository,
    private readonly jobs: TrainingJobsRepository,
    private readonly runEval: RunEvalJob,
    private readonly holds: EvalRunHold,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
  ) {}

  /**
   * A new run on the checkpoint, admitted as a tenant's own run is: its estimated tokens held on a prepaid tenant's
   * balance and the tenant's limit on unfinished runs kept, or the job fails saying which.
   */
  private async startRun(job: TrainingJob, metric: EvalMetric, checkpoint: CheckpointRecord, evalRow: Eval): Promise<string> {
    const criteria = evalRunCriteria(evalRow);
    const tally = new CriterionTally(criteria);
    const name = jobCheckpointName(job, checkpoint.step);
    const id = randomUUID();
    const refused = (why: string) => new TrainingJobError('invalid_spec', `early stopping could not start its eval run on the checkpoint at step ${checkpoint.step}: ${why}`);
    try {
      await this.holds.hold(id, evalRow, criteria.some((c) => criterionTemplates(c).some(readsSample)));
    } catch (error) {
      throw refused(error instanceof HttpException ? String((error.getResponse() as { message: string }).message) : (error as Error).message);
    }
    const maxUnfinished = this.config.EVAL_TENANT_MAX_UNFINISHED_RUNS;
    try {
      const outcome = await this.evals.createRunWithinLimit(
        {
          id,
          evalId: evalRow.id,
          tenantId: job.tenantId,
          apiKeyId: job.apiKeyId!,
          name: `${evalRow.name} on ${name}`,
          modelId: null,
          modelName: name,
          jobId: job.id,
          checkpointStep: checkpoint.step,
          dataSource: {
            type: 'completions',
            job_checkpoint: { job_id: job.id, step: checkpoint.step },
            ...(metric.inputTemplate ? { input_messages: { type: 'template', template: metric.inputTemplate } } : {}),
            sampling_params: { max_completion_tokens: metric.maxCompletionTokens, temperature: 0, top_p: 1 },
          },
          resultCounts: tally.resultCounts(),
          perCriterion: tally.summaries(),
        },
        maxUnfinished,
        (tx, run) => tx.trainingCheckpoint.update({ where: { jobId_step: { jobId: job.id, step: checkpoint.step } }, data: { evalRunId: run.id } }),
      );
      if ('unfinished' in outcome) throw refused(`the tenant has ${outcome.unfinished} eval runs queued or running, the most it may have (${maxUnfinished})`);
      return outcome.created.id;
    } catch (error) {
      await this.holds.release(job.tenantId, id);
      throw error;
    }
  }

  async score(job: TrainingJob, metric: EvalMetric, checkpoint: CheckpointRecord): Promise<number> {
    const evalRow = await this.evals.findEval(job.tenantId, metric.evalId);
    if (!evalRow) throw new TrainingJobError('invalid_spec', `early stopping's eval ${metric.evalId} was deleted`);
    if (!job.apiKeyId) throw new TrainingJobError('invalid_spec', 'the job names no API key to meter its checkpoint eval runs to');
    const row = await this.jobs.client.trainingCheckpoint.findUnique({ where: { jobId_step: { jobId: job.id, step: checkpoint.step } } });
    let runId = row?.evalRunId ?? null;
    if (!runId) runId = await this.startRun(job, metric, checkpoint, evalRow);
    await this.runEval.execute({ runId }, true);
    const finished = await this.evals.findRunById(runId);
    if (finished?.status !== 'succeeded') {
      throw new TrainingJobError('invalid_spec', `the eval run ${runId} on the checkpoint at step ${checkpoint.step} ${finished?.status ?? 'vanished'}${finished?.error ? `: ${finished.error}` : ''}`);
    }
    const summary = (finished.perCriterion as unknown as CriterionSummary[]).find((c) => c.testing_criteria === metric.testingCriteria);
    const score = metric.score === 'pass_rate' ? summary?.pass_rate : summary?.mean_score;
    if (score === null || score === undefined) {
      throw new TrainingJobError('invalid_spec', `criterion ${metric.testingCriteria} graded no item of the checkpoint at step ${checkpoint.step} (every item errored): its ${metric.score} is undefined`);
    }
    await this.jobs.client.$transaction(async (tx) => {
      await tx.trainingCheckpoint.update({ where: { jobId_step: { jobId: job.id, step: checkpoint.step } }, data: { evalScore: score } });
      await this.jobs.appendEvent(tx, job.id, {
        level: 'info',
        type: 'checkpoint_eval',
        message: `checkpoint at step ${checkpoint.step}: ${metric.testingCriteria} ${metric.score} ${score.toFixed(4)} (eval run ${runId})`,
        data: { step: checkpoint.step, evalRunId: runId, testingCriteria: metric.testingCriteria, score: metric.score, value: score },
      });
    });
    return score;
  }
}

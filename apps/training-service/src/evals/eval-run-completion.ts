import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CreditAdmission } from '../credits/credit-admission';
import { EvalRun, EvalRunStatus } from '../generated/prisma/client';
import { EvalsRepository, UNFINISHED_RUN_STATUSES } from './evals.repository';
import { CriterionSummary, ResultCounts } from './runner/criterion-tally';

/** Tokens one model took and gave during a run, metered as inference of that model. */
export type ModelUsage = { modelName: string; promptTokens: number; completionTokens: number };

export type RunOutcome = {
  status: Extract<EvalRunStatus, 'succeeded' | 'failed' | 'cancelled'>;
  resultCounts: ResultCounts;
  perCriterion: CriterionSummary[];
  usage: ModelUsage[];
  error?: string;
};

/**
 * Every way a run ends, each one transaction: the terminal status and tallies, usage.recorded per model the run
 * called (as serving meters a request: the key that started the run, prompt and completion tokens), and
 * eval.run.succeeded or eval.run.failed. A run already finished is left as it is, so nothing is metered twice.
 */
@Injectable()
export class EvalRunCompletion {
  constructor(
    private readonly evals: EvalsRepository,
    private readonly outbox: OutboxWriter,
    private readonly credits: CreditAdmission,
  ) {}

  /** Ends the run once; its credit hold ends once the end is committed (its usage reaches the balance when billed). */
  async finish(run: EvalRun, outcome: RunOutcome): Promise<boolean> {
    const done = await this.commit(run, outcome);
    if (done) await this.credits.releaseRun(run.tenantId, run.id);
    return done;
  }

  private commit(run: EvalRun, outcome: RunOutcome): Promise<boolean> {
    const promptTokens = outcome.usage.reduce((sum, u) => sum + u.promptTokens, 0);
    const completionTokens = outcome.usage.reduce((sum, u) => sum + u.completionTokens, 0);
    return this.evals.client.$transaction(async (tx) => {
      const { count } = await tx.evalRun.updateMany({
        where: { id: run.id, status: { in: [...UNFINISHED_RUN_STATUSES] } },
        data: {
          status: outcome.status,
          resultCounts: outcome.resultCounts,
          perCriterion: outcome.perCriterion,
          promptTokens: BigInt(promptTokens),
          completionTokens: BigInt(completionTokens),
          error: outcome.error ?? null,
          finishedAt: new Date(),
        },
      });
      if (count === 0) return false;
      const metered = outcome.usage.filter((u) => u.promptTokens + u.completionTokens > 0);
      await this.outbox.write(
        tx,
        metered.map((u) => ({
          topic: TOPICS.usageRecorded,
          key: run.tenantId,
          data: { tenantId: run.tenantId, apiKeyId: run.apiKeyId, requestId: randomUUID(), model: u.modelName, promptTokens: u.promptTokens, completionTokens: u.completionTokens, meter: 'standard', batchId: null },
        })),
      );
      if (outcome.status !== 'cancelled') {
        const data = {
          tenantId: run.tenantId,
          evalId: run.evalId,
          runId: run.id,
          modelId: run.modelId,
          checkpoint: run.jobId !== null && run.checkpointStep !== null ? { jobId: run.jobId, step: run.checkpointStep } : null,
          resultCounts: outcome.resultCounts,
          perCriterion: outcome.perCriterion.map((c) => ({ testingCriteria: c.testing_criteria, passRate: c.pass_rate, meanScore: c.mean_score })),
        };
        if (outcome.status === 'succeeded') await this.outbox.write(tx, [{ topic: TOPICS.evalRunSucceeded, key: run.id, data }]);
        else await this.outbox.write(tx, [{ topic: TOPICS.evalRunFailed, key: run.id, data: { ...data, error: (outcome.error ?? 'failed').slice(0, 2000) } }]);
      }
      return true;
    });
  }
}

import { BadRequestException, NotFoundException } from '@nestjs/common';
import { evalRunCriteria } from '../evals/eval.dto';
import { criterionTemplates } from '../evals/evals.service';
import { readsSample } from '../evals/item-template';
import { Eval } from '../generated/prisma/client';
import { isLoraJobSettings, ResolvedTrainingSettings } from '../settings';
import { EvalMetric } from './training-job.dto';

const badRequest = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });

/**
 * Early stopping on an eval metric needs an eval of the tenant's, one of its criteria by name, a prompt template when
 * a criterion reads the model's answer, and checkpoints that are whole models (a LoRA job's hold only the adapter).
 */
export function checkEvalMetric(metric: EvalMetric, evalRow: Eval | null, settings: ResolvedTrainingSettings): void {
  if (!evalRow) throw new NotFoundException(`earlyStopping.eval.evalId: ${metric.evalId} is not one of your evals`);
  if (isLoraJobSettings(settings)) {
    throw badRequest('earlyStopping.eval: a LoRA job’s checkpoints hold only the adapter, which an eval cannot run alone; stop on validation loss instead (remove eval)');
  }
  const criteria = evalRunCriteria(evalRow);
  if (!criteria.some((c) => c.name === metric.testingCriteria)) {
    throw badRequest(`earlyStopping.eval.testingCriteria: ${metric.testingCriteria} is not a criterion of eval ${evalRow.name}; it has ${criteria.map((c) => c.name).join(', ')}`);
  }
  const sampling = criteria.find((c) => criterionTemplates(c).some(readsSample));
  if (sampling && !metric.inputTemplate) {
    throw badRequest(`earlyStopping.eval.inputTemplate: criterion ${sampling.name} reads {{sample.output_text}}: give a prompt template for each checkpoint to answer`);
  }
}

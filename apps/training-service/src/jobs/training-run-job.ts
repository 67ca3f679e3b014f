import { TrainingJob } from '../generated/prisma/client';
import { TrainingJobError } from '../runner';
import { TrainingJobKind } from '../settings';

/** A job the training runner runs: it trains on a dataset version (imports and merges have none and run elsewhere). */
export type TrainingRunJob = TrainingJob & { kind: TrainingJobKind; datasetVersionId: string };

const TRAINING_KINDS: readonly string[] = ['tokenizer', 'pretrain', 'finetune'] satisfies TrainingJobKind[];

export function isTrainingRunJob(job: TrainingJob): job is TrainingRunJob {
  return TRAINING_KINDS.includes(job.kind) && job.datasetVersionId !== null;
}

export function asTrainingRunJob(job: TrainingJob): TrainingRunJob {
  if (!isTrainingRunJob(job)) throw new TrainingJobError('invalid_spec', `job ${job.id} (${job.kind}) does not train on a dataset version`);
  return job;
}

import { ServiceProcess } from '@llmchain/testing';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Which training worker runs a job's current attempt: the one whose TRAINING_WORK_DIR holds the attempt's scratch
 * directory (`<job id>-<run lease>`, made when the attempt starts and removed when it ends). Not the busier one by
 * CPU: a worker uploading a checkpoint uses as little CPU as an idle one, and killing the idle worker leaves the job
 * nothing to resume.
 */
export function jobHolder(workers: ServiceProcess[], jobId: string, runLease: string): ServiceProcess {
  const holders = workers.filter((worker) => existsSync(path.join(worker.env.TRAINING_WORK_DIR, `${jobId}-${runLease}`)));
  if (holders.length !== 1) {
    // Both workers are named after their service: their work directories tell them apart.
    const tails = workers.map((worker) => `${worker.name} (${worker.env.TRAINING_WORK_DIR}):\n${worker.tail()}`).join('\n');
    throw new Error(`${holders.length} training workers hold job ${jobId}'s attempt ${runLease}, not one:\n${tails}`);
  }
  return holders[0];
}

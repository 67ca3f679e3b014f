import { QualityModel } from '@llmchain/data-cleaning';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrainRequest, TrainResponse } from './train-worker';

/**
 * Trains in a worker thread: training is seconds of CPU for a 5,000-document project, which the service's event loop
 * must not spend. The deadline bounds the worker's work; the worker is ended if it overruns it by a margin anyway.
 */
export async function trainInWorker(request: TrainRequest): Promise<QualityModel> {
  const worker = new Worker(path.join(__dirname, 'train-worker.ts'), { workerData: request, execArgv: ['-r', '@swc-node/register'] });
  const overrun = setTimeout(() => void worker.terminate(), Math.max(0, request.deadline - Date.now()) + 30_000);
  try {
    return await new Promise<QualityModel>((resolve, reject) => {
      worker.once('message', (response: TrainResponse) => resolve(response));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the training worker exited (${code}) before answering`)));
    });
  } finally {
    clearTimeout(overrun);
    await worker.terminate();
  }
}

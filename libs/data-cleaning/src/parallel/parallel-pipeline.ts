import { once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CleaningSettingsInput } from '../config';
import { CleaningOutcome, SourceDocument } from '../decision';
import { CleaningPipeline, PipelineOptions } from '../pipeline';
import { emptyStageTimes, STAGES, StageTimes } from '../prepare';
import { CleaningReport } from '../report';
import { PrepareRequest, PrepareResponse } from './prepare-worker';

const BATCH_DOCUMENTS = 64;
const BATCHES_IN_FLIGHT_PER_WORKER = 2;

/**
 * The same decisions as {@link CleaningPipeline}, with the per-document stages spread over worker threads. Batches go
 * out round-robin, at most two per worker at a time (bounded memory), and come back in any order; the main thread
 * applies the dedup decisions strictly in input order, so the outcome equals a serial run's.
 */
export class ParallelCleaningPipeline {
  private readonly pipeline: CleaningPipeline;
  private readonly workers: Worker[];
  private readonly workerStageMs = emptyStageTimes();

  constructor(settings: CleaningSettingsInput = {}, options: PipelineOptions & { workers: number }) {
    this.pipeline = new CleaningPipeline(settings, options);
    this.workers = Array.from(
      { length: Math.max(1, options.workers) },
      () =>
        new Worker(path.join(__dirname, 'prepare-worker.ts'), {
          workerData: { settings: this.pipeline.settings },
          // The worker is TypeScript: it needs the same on-the-fly compiler as the services and scripts.
          execArgv: ['-r', '@swc-node/register'],
        }),
    );
  }

  /** Time spent per stage: per-document stages summed over the workers, dedup on the main thread. */
  get stageMs(): StageTimes {
    const total = emptyStageTimes();
    const main = this.pipeline.stageMs;
    for (const stage of STAGES) total[stage] = this.workerStageMs[stage] + main[stage];
    return total;
  }

  async *process(source: AsyncIterable<SourceDocument> | Iterable<SourceDocument>): AsyncGenerator<CleaningOutcome> {
    const results = new Map<number, PrepareResponse>();
    let waiting: (() => void) | null = null;
    let failure: Error | null = null;
    const onMessage = (response: PrepareResponse) => {
      results.set(response.batch, response);
      waiting?.();
    };
    const onError = (error: Error) => {
      failure = error;
      waiting?.();
    };
    for (const worker of this.workers) worker.on('message', onMessage).on('error', onError);

    let sent = 0;
    let next = 0;
    const maxInFlight = this.workers.length * BATCHES_IN_FLIGHT_PER_WORKER;
    const send = (documents: SourceDocument[]) => {
      this.workers[sent % this.workers.length].postMessage({ batch: sent, documents } satisfies PrepareRequest);
      sent++;
    };
    const self = this;
    async function* drain(until: number): AsyncGenerator<CleaningOutcome> {
      while (next < until) {
        const response = results.get(next);
        if (!response) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => (waiting = resolve));
          waiting = null;
          continue;
        }
        results.delete(next++);
        for (const stage of STAGES) self.workerStageMs[stage] += response.stageMs[stage];
        for (const prepared of response.prepared) yield self.pipeline.processPrepared(prepared, (p) => (p as typeof prepared).precomputedRedaction);
      }
    }

    try {
      let batch: SourceDocument[] = [];
      for await (const document of source) {
        batch.push(document);
        if (batch.length < BATCH_DOCUMENTS) continue;
        send(batch);
        batch = [];
        if (sent - next >= maxInFlight) yield* drain(next + 1);
      }
      if (batch.length > 0) send(batch);
      yield* drain(sent);
    } finally {
      for (const worker of this.workers) worker.off('message', onMessage).off('error', onError);
    }
  }

  buildReport(): CleaningReport {
    return this.pipeline.buildReport();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(async (worker) => {
      const exited = once(worker, 'exit');
      await worker.terminate();
      await exited.catch(() => undefined);
    }));
  }
}
